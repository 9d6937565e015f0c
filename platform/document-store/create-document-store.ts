import type { Pool } from 'pg';
import type { Logger } from '../logger';
import type { DocumentStore } from './document-store.port';
import { MongoDocumentStore } from './mongo-document-store';
import { PostgresDocumentStore } from './postgres-document-store';

export interface DocumentStoreOptions {
  /** The embedded default's pool; the store never ends it. */
  pool: Pool;
  /** When set, documents live in MongoDB instead. */
  mongoUrl?: string;
  /** Database for MongoDB; default "commerce". */
  mongoDatabase?: string;
  log: Logger;
}

/** MongoDB when a URL is configured, else jsonb tables in the platform's Postgres (schema migrated here). */
export async function createDocumentStore(options: DocumentStoreOptions): Promise<DocumentStore> {
  const log = options.log.child('documents');
  if (options.mongoUrl) {
    const database = options.mongoDatabase ?? 'commerce';
    const store = await MongoDocumentStore.connect({ url: options.mongoUrl, database, log });
    log.info('document store: MongoDB', { database });
    return store;
  }
  await PostgresDocumentStore.migrate(options.pool, log);
  log.info('document store: PostgreSQL (jsonb)');
  return new PostgresDocumentStore(options.pool, log);
}
