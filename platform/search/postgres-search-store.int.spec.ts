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

describe('PostgresSearchStore connections', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('search');
  });
  afterAll(() => db.drop());

  it('leaves a pool it was given open, and ends one it made', async () => {
    await new PostgresSearchStore({ pool: db.pool }).close();
    expect((await db.pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    const own = new PostgresSearchStore({ connectionString: db.url });
    await PostgresSearchStore.migrate(db.pool);
    expect(await own.loadCheckpoint('nothing_here')).toBeNull();
    await own.close();
    await expect(own.loadCheckpoint('nothing_here')).rejects.toThrow(/ended|end/i);
  });

  it('migrates once; running it again applies nothing', async () => {
    await PostgresSearchStore.migrate(db.pool);
    expect(await PostgresSearchStore.migrate(db.pool)).toEqual([]);
  });
});
