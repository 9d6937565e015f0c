import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { ElasticsearchSearchStore } from './elasticsearch-search-store';
import { PostgresSearchStore } from './postgres-search-store';
import type { SearchStore } from './search-store.port';

export interface SearchStoreOptions {
  /** The embedded default's pool; the store never ends it. */
  pool: Pool;
  /** When set, search indices live in Elasticsearch instead. */
  elasticsearchUrl?: string;
  /** Put in front of every Elasticsearch index name (clusters shared between deployments). */
  elasticsearchIndexPrefix?: string;
  log: Logger;
}

/** Elasticsearch when a URL is configured, else Postgres full-text search in the platform's database (schema migrated here). */
export async function createSearchStore(options: SearchStoreOptions): Promise<SearchStore> {
  const log = options.log.child('search');
  if (options.elasticsearchUrl) {
    const store = await ElasticsearchSearchStore.connect({ node: options.elasticsearchUrl, indexPrefix: options.elasticsearchIndexPrefix });
    log.info('search store: Elasticsearch', { indexPrefix: options.elasticsearchIndexPrefix ?? '' });
    return store;
  }
  await PostgresSearchStore.migrate(options.pool, log);
  log.info('search store: PostgreSQL full-text search');
  return new PostgresSearchStore({ pool: options.pool });
}
