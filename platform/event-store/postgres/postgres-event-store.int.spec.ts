import { createTestDatabase, type TestDatabase } from '../../../test/postgres';
import { createLogger } from '../../logger';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

const log = createLogger('test', 'warn');

describeEventStoreContract('PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  return {
    async createStore(codec) {
      db = await createTestDatabase('es');
      await PostgresEventStore.migrate(db.pool);
      store = new PostgresEventStore({ pool: db.pool, connectionString: db.url, codec, log, pollIntervalMs: 200 });
      return store;
    },
    // Holds the append's transaction open before committing, so later transactions commit first.
    appendSlowly: (streamId, events, expected, delayMs) =>
      store.transaction(async (tx) => {
        const result = await tx.append(streamId, events, expected);
        if (delayMs > 0) await tx.client.query('select pg_sleep($1)', [delayMs / 1000]);
        return result;
      }),
    dispose: () => db.drop(),
  };
});
