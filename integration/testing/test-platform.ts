import { eventRegistry } from '../../event-schemas';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { createLogger, type Logger } from '../../platform/logger';
import { AdvisoryLease } from '../../platform/processing/advisory-lease';
import { CheckpointStore } from '../../platform/processing/checkpoints';
import { createTestDatabase, type TestDatabase } from '../../test/postgres';
import type { Lease } from '../relay/relay-loop';
import { DomainHistory } from './domain-history';

export interface TestPlatform {
  db: TestDatabase;
  store: PostgresEventStore;
  checkpoints: CheckpointStore;
  history: DomainHistory;
  log: Logger;
  lease(name: string): Lease;
  close(): Promise<void>;
}

/** A fresh database with the event store (domain codec) and checkpoints, as the relay sees them. */
export async function openTestPlatform(prefix = 'integ'): Promise<TestPlatform> {
  const db = await createTestDatabase(prefix);
  const log = createLogger('test', 'error');
  await PostgresEventStore.migrate(db.pool);
  await CheckpointStore.migrate(db.pool);
  const store = new PostgresEventStore({ pool: db.pool, connectionString: db.url, codec: eventRegistry, log, pollIntervalMs: 50 });
  return {
    db,
    store,
    checkpoints: new CheckpointStore(db.pool),
    history: new DomainHistory(store),
    log,
    lease: (name) => new AdvisoryLease(db.url, name, log, 100),
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
