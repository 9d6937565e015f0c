import { Pool, type PoolConfig } from 'pg';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { startOrAttachEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

export interface Database {
  pool: Pool;
  url: string;
  /** Set when the embedded default is in use. */
  embedded: EmbeddedPostgres | undefined;
  /** Closes the pool, and stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export function createPool(url: string, log: Logger, options: PoolConfig = {}): Pool {
  const pool = new Pool({ connectionString: url, max: 20, application_name: 'commerce', ...options });
  // An idle client losing its connection (server restart, shutdown) must not crash the process;
  // the pool replaces it and the next query reports the problem to its caller.
  pool.on('error', (error) => log.warn('idle Postgres connection lost', { error }));
  // A checked-out client whose connection drops between queries would otherwise throw an unhandled
  // 'error' and crash the process; its next query reports the failure to the caller instead.
  pool.on('connect', (client) => client.on('error', (error) => log.debug('Postgres connection error', { error })));
  return pool;
}

/** DATABASE_URL when set; otherwise the embedded Postgres for COMMERCE_DATA_DIR, started or attached to. */
export async function openDatabase(config: Config, log: Logger, poolOptions: PoolConfig = {}): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startOrAttachEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log: log.child('embedded-postgres') });
    url = embedded.url;
  }
  const pool = createPool(url, log, poolOptions);
  let closing: Promise<void> | undefined;
  return {
    pool,
    url,
    embedded,
    close: () => {
      closing ??= (async () => {
        await pool.end().catch(() => undefined);
        if (embedded?.owned) await embedded.stop();
      })();
      return closing;
    },
  };
}
