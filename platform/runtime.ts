import { eventRegistry } from '../event-schemas/registry';
import { loadConfig, type Config } from './config';
import { createEventStore } from './event-store/create-event-store';
import type { EventCodec, EventStore } from './event-store/event-store.port';
import { rawCodec } from './event-store/raw-codec';
import type { ReadinessCheck } from './http/health';
import { createLogger, type Logger } from './logger';
import { openDatabase, type Database } from './postgres/database';

/** What every role shares: configuration, logger, the database and the event store. */
export interface Runtime {
  config: Config;
  log: Logger;
  db: Database;
  eventStore: EventStore;
  readiness: ReadinessCheck[];
  close(): Promise<void>;
}

export async function openRuntime(options: { role: string; config?: Config; codec?: 'domain' | 'raw' }): Promise<Runtime> {
  const config = options.config ?? loadConfig();
  const log = createLogger(options.role, config.logLevel);
  const db = await openDatabase(config, log);
  const codec: EventCodec = options.codec === 'raw' ? rawCodec : eventRegistry;
  let eventStore: EventStore;
  try {
    eventStore = await createEventStore(config, db, codec, log);
  } catch (error) {
    await db.close();
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
    close: () => {
      closing ??= (async () => {
        await eventStore.close().catch((error) => log.warn('closing the event store failed', { error }));
        await db.close();
      })();
      return closing;
    },
  };
}
