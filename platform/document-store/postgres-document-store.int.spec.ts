import { createTestDatabase, type TestDatabase } from '../../test/postgres';
import { createLogger } from '../logger';
import { doc } from './contract/contract-fixtures';
import { describeDocumentStoreContract } from './contract/document-store.contract';
import { createDocumentStore } from './create-document-store';
import { UnknownTargetError } from './document-store.errors';
import { PostgresDocumentStore } from './postgres-document-store';

const log = createLogger('test', 'warn');

describeDocumentStoreContract('PostgreSQL', () => {
  let db: TestDatabase;
  return {
    async createStore() {
      db = await createTestDatabase('docs');
      await PostgresDocumentStore.migrate(db.pool, log);
      return new PostgresDocumentStore(db.pool, log);
    },
    async listTargets() {
      const { rows } = await db.pool.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = 'documents' and table_name <> '_checkpoints'`,
      );
      return rows.map((r) => r.name);
    },
    dispose: () => db.drop(),
  };
});

describe('PostgresDocumentStore', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('docs');
  });
  afterAll(() => db.drop());

  it('names the missing migration instead of failing on a missing schema', async () => {
    const store = new PostgresDocumentStore(db.pool, log);
    await expect(store.loadCheckpoint('orders')).rejects.toThrow(/PostgresDocumentStore\.migrate/);
    await expect(store.ensureTarget('orders', { indexes: [] })).rejects.toThrow(/PostgresDocumentStore\.migrate/);
  });

  it('is what createDocumentStore gives without a MongoDB URL, migrated, and closing it leaves the pool open', async () => {
    const store = await createDocumentStore({ pool: db.pool, log });
    expect(store).toBeInstanceOf(PostgresDocumentStore);
    expect(await PostgresDocumentStore.migrate(db.pool, log)).toEqual([]);
    await store.ensureTarget('orders_g1', { indexes: [['customerId']] });
    await store.close();
    expect((await db.pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('refuses to write to a target that ensureTarget never created, and creates none', async () => {
    const store = new PostgresDocumentStore(db.pool, log);
    await expect(store.putMany('orders_g9', [doc('a', 1, {})])).rejects.toBeInstanceOf(UnknownTargetError);
    await expect(store.putMany('orders_g9', [doc('a', 1, {})])).rejects.toThrow(/call ensureTarget\("orders_g9", spec\)/);
    expect((await db.pool.query(`select to_regclass('documents.orders_g9') as t`)).rows).toEqual([{ t: null }]);
  });
});
