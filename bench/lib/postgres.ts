import { Client, Pool } from 'pg';
import type { Logger } from '../../platform/logger';
import { startOrAttachEmbeddedPostgres, type EmbeddedPostgres } from '../../platform/postgres/embedded-postgres';
import { freePort } from '../../test/free-port';

/** A fresh database for one benchmark run, on the embedded server or on DATABASE_URL's server. */
export interface BenchDatabase {
  url: string;
  pool: Pool;
  /** 'embedded (started)', 'embedded (attached)' or 'DATABASE_URL'. */
  server: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Database to (re)create; it is dropped first if it exists. */
  database: string;
  /** Data directory of the embedded server used when DATABASE_URL is not set. */
  dataDir: string;
  poolSize: number;
  log: Logger;
}


function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function openBenchDatabase(options: OpenOptions): Promise<BenchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.database)) throw new Error(`invalid database name ${options.database}`);
  let embedded: EmbeddedPostgres | undefined;
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const port = process.env.BENCH_PG_PORT ? Number(process.env.BENCH_PG_PORT) : await freePort();
    embedded = await startOrAttachEmbeddedPostgres({ dataDir: options.dataDir, port, log: options.log });
    baseUrl = embedded.url;
  }
  try {
    const admin = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${options.database} with (force)`);
      await admin.query(`create database ${options.database}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    if (embedded?.owned) await embedded.stop();
    throw error;
  }
  const url = withDatabase(baseUrl, options.database);
  // Idle connections stay open, so no run pays for reconnecting.
  const pool = new Pool({ connectionString: url, max: options.poolSize, idleTimeoutMillis: 0, application_name: 'bench' });
  let closing = false;
  // Stopping the server can reach a connection pool.end() has released but not yet closed.
  pool.on('error', (error) => closing || options.log.warn('idle bench connection lost', { error }));
  return {
    url,
    pool,
    server: embedded ? (embedded.owned ? 'embedded (started by the bench)' : 'embedded (attached)') : 'DATABASE_URL',
    close: async () => {
      closing = true;
      await pool.end().catch(() => undefined);
      if (embedded?.owned) await embedded.stop();
    },
  };
}

export interface ServerSettings {
  version: string;
  fsync: string;
  synchronousCommit: string;
  walSyncMethod: string;
  fullPageWrites: string;
  sharedBuffers: string;
}

export async function serverSettings(pool: Pool): Promise<ServerSettings> {
  const { rows } = await pool.query<ServerSettings>(`select
    current_setting('server_version') as "version", current_setting('fsync') as "fsync",
    current_setting('synchronous_commit') as "synchronousCommit", current_setting('wal_sync_method') as "walSyncMethod",
    current_setting('full_page_writes') as "fullPageWrites", current_setting('shared_buffers') as "sharedBuffers"`);
  return rows[0]!;
}

/** Flushes dirty pages before a measured run so runs start alike; ignored without the privilege. */
export async function checkpoint(pool: Pool): Promise<void> {
  await pool.query('checkpoint').catch(() => undefined);
}
