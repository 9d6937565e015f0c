import { createTestDatabase, type TestDatabase } from '../../test/postgres';
import { createLogger } from '../logger';
import { describeDocumentStoreContract } from './contract/document-store.contract';
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
