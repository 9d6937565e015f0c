import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Database } from '../postgres/database';
import type { EventCodec, EventStore } from './event-store.port';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

/** The event store EVENT_STORE selects: Postgres (default, on DATABASE_URL or the embedded server) or KurrentDB. */
export async function createEventStore(config: Config, db: Database, codec: EventCodec, log: Logger): Promise<EventStore> {
  if (config.eventStore === 'kurrentdb') {
    log.info('event store: KurrentDB', { url: redact(config.kurrentdbUrl!) });
    // connect() makes one read, so a wrong URL or credentials fail at start, not at the first command.
    return KurrentDbEventStore.connect({ connectionString: config.kurrentdbUrl!, codec, log: log.child('kurrentdb') });
  }
  await PostgresEventStore.migrate(db.pool, log);
  log.info('event store: PostgreSQL', { embedded: Boolean(db.embedded) });
  return new PostgresEventStore({ pool: db.pool, connectionString: db.url, codec, log: log.child('event-store'), pollIntervalMs: config.pollIntervalMs });
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
