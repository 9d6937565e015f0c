import path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import type { Logger } from '../../platform/logger';
import type { BenchDatabase } from '../lib/postgres';
import { progress } from '../lib/timed';
import { drainFulfilment } from './drain';
import { freePort, startChild, type ChildServer } from './processes';
import { orderRequests, setUpShop, type ShopFixture } from './shop';

/**
 * The system under test on one database: the write side's roles in child processes, a shop's data,
 * and an event subscriber here.
 */
export interface System {
  db: BenchDatabase;
  api: ChildServer;
  /** The process manager's own process (role `write-side`); with `start` it runs inside `api`. */
  processManager?: ChildServer;
  /** Each child process by name, for CPU sampling. */
  pids: Record<string, number>;
  shop: ShopFixture;
  next: () => { body: string; authorization: string };
  /** A store on its own small pool in this process, with LISTEN: for subscriptions and head positions. */
  subscriber: PostgresEventStore;
  close(): Promise<void>;
}

export type SystemRole = 'write-side' | 'start' | 'write-api';

export interface SystemOptions {
  name: string;
  /**
   * `write-side` (default): `commerce write-api` and `commerce process-manager` in two processes, as
   * production runs them; `start`: every role in one process, the read side (projector, read API)
   * included; `write-api`: the API alone.
   */
  role?: SystemRole;
  db: BenchDatabase;
  dataDir: string;
  jwtSecret: string;
  log: Logger;
  shop: { skus: number; stock: number; customers: number; lines: number; runId: string };
  /** A directory: the server runs with --cpu-prof and writes its profile there on exit. */
  cpuProfile?: string;
}

/**
 * Starts the write API and the order process manager exactly as `commerce start` does (the CLI from
 * source), on the database given by DATABASE_URL, and sets up products, stock and customers.
 */
export async function startSystem(options: SystemOptions): Promise<System> {
  const { db } = options;
  const role = options.role ?? 'write-side';
  const slug = options.name.replace(/\W+/g, '-');
  // METRICS_PORT 0: each server's /metrics on a port of its own (they all default to 9464).
  const env = { DATABASE_URL: db.url, HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', COMMERCE_DATA_DIR: options.dataDir, JWT_SECRET: options.jwtSecret, METRICS_PORT: '0' };
  const profile = (name: string) => (options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProfile)}`, `--cpu-prof-name=${name}.cpuprofile`] : []);
  const port = await freePort();
  const roles = role === 'write-side' ? 'commerce write-api and commerce process-manager, each in its own process' : `commerce ${role} in its own process`;
  progress(`starting ${options.name}: ${roles}${options.cpuProfile ? `, CPU profiles to ${options.cpuProfile}` : ''}`);
  const api = await startChild({
    name: options.name,
    script: 'cli/main.ts',
    args: [role === 'write-side' ? 'write-api' : role],
    nodeArgs: profile(slug),
    env: { ...env, PORT: String(port) },
    port,
    readyPath: '/health/ready',
    logFile: path.join(options.dataDir, `${slug}.log`),
  });
  let processManager: ChildServer | undefined;
  const subscriberPool = new Pool({ connectionString: db.url, max: 2, application_name: 'bench-subscriber' });
  const subscriber = new PostgresEventStore({ pool: subscriberPool, connectionString: db.url, log: options.log });
  const close = async () => {
    await processManager?.stop();
    await api.stop();
    await subscriber.close().catch(() => undefined);
    await subscriberPool.end().catch(() => undefined);
  };
  try {
    if (role === 'write-side') {
      processManager = await startChild({
        name: `${options.name}: process manager`,
        script: 'cli/main.ts',
        args: ['process-manager'],
        nodeArgs: profile(`${slug}-pm`),
        env,
        port: 0,
        readyPath: '',
        // Active once it holds the lease; the lease's connection stays open only while held.
        isReady: async () => (await db.pool.query(LEASE_HELD, ['commerce-lease:order-fulfilment'])).rowCount === 1,
        logFile: path.join(options.dataDir, `${slug}-pm.log`),
      });
    }
    const { skus, stock, customers, lines, runId } = options.shop;
    progress(`setting up ${skus} products x ${stock.toLocaleString('en-US')} units and ${customers} customers through the API`);
    const shop = await setUpShop(api.url, options.jwtSecret, { skus, stock, customers, runId });
    if (role !== 'write-api') await drainFulfilment(db.pool, subscriber, 30_000);
    const pids: Record<string, number> = processManager ? { 'write API': api.pid, 'process manager': processManager.pid } : { [role === 'start' ? 'commerce start' : 'write API']: api.pid };
    return { db, api, processManager, pids, shop, next: orderRequests(shop, lines), subscriber, close };
  } catch (error) {
    await close();
    throw error;
  }
}

const LEASE_HELD = 'select 1 from pg_stat_activity where datname = current_database() and application_name = $1';
