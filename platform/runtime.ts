import { eventRegistry } from '../event-schemas/registry';
import { loadConfig, type Config } from './config';
import { createEventStore } from './event-store/create-event-store';
import type { EventCodec, EventStore } from './event-store/event-store.port';
import { rawCodec } from './event-store/raw-codec';
import type { ReadinessCheck } from './http/health';
import { createLogger, type Logger } from './logger';
import { instrumentEventStore } from './observability/instrumented-event-store';
import { observeRole, type RoleObservability } from './observability/observe-role';
import { openDatabase, type Database } from './postgres/database';

/** What every role shares: configuration, logger, the database and the event store. */
export interface Runtime {
  config: Config;
  log: Logger;
  db: Database;
  eventStore: EventStore;
  readiness: ReadinessCheck[];
  /** Set for a long-running role opened with `observe: true`. */
  observability?: RoleObservability;
  close(): Promise<void>;
}

/**
 * `observe: true` for the long-running roles: they serve /metrics on METRICS_PORT and trace when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. One-shot tools leave it off, so they never take the port.
 */
export async function openRuntime(options: { role: string; config?: Config; codec?: 'domain' | 'raw'; observe?: boolean }): Promise<Runtime> {
  const config = options.config ?? loadConfig();
  const log = createLogger(options.role, config.logLevel, config.logFormat);
  const observability = options.observe ? await observeRole(options.role, config, log) : undefined;
  let db: Database;
  let eventStore: EventStore;
  try {
    // Named by role, so pg_stat_activity (and whoever reads it) tells the roles' connections apart.
    db = await openDatabase(config, log, { application_name: `commerce:${options.role}` });
  } catch (error) {
    await observability?.close();
    throw error;
  }
  const codec: EventCodec = options.codec === 'raw' ? rawCodec : eventRegistry;
  try {
    eventStore = instrumentEventStore(await createEventStore(config, db, codec, log), config.eventStore);
  } catch (error) {
    await db.close();
    await observability?.close();
    throw error;
  }
  const readiness: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await db.pool.query('select 1')) },
    { name: 'event-store', check: async () => ({ head: await eventStore.headPosition() }) },
  ];
  let closing: Promise<void> | undefined;
  return {
    config,
    log,
    db,
    eventStore,
    readiness,
    observability,
    close: () => {
      closing ??= (async () => {
        await eventStore.close().catch((error) => log.warn('closing the event store failed', { error }));
        await db.close();
        await observability?.close();
      })();
      return closing;
    },
  };
}
