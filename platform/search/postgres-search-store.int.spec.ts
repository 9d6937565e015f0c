import { createTestDatabase, type TestDatabase } from '../../test/postgres';
import { describeSearchStoreContract } from './contract/search-store.contract';
import { PostgresSearchStore } from './postgres-search-store';

describeSearchStoreContract('Postgres', () => {
  let db: TestDatabase;
  return {
    createStore: async () => {
      db = await createTestDatabase('search');
      await PostgresSearchStore.migrate(db.pool);
      return new PostgresSearchStore({ pool: db.pool });
    },
    dispose: async () => db?.drop(),
  };
});
