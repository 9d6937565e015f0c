import path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import type { Logger } from '../../platform/logger';
import type { BenchDatabase } from '../lib/postgres';
import { progress } from '../lib/timed';
import { drainFulfilment } from './drain';
import { freePort, startChild, type ChildServer } from './processes';
import { orderRequests, setUpShop, type ShopFixture } from './shop';

/** The system under test on one database: `commerce start` in a child process, a shop's data, and an event subscriber here. */
export interface System {
  db: BenchDatabase;
  api: ChildServer;
  shop: ShopFixture;
  next: () => { body: string; authorization: string };
  /** A store on its own small pool in this process, with LISTEN: for subscriptions and head positions. */
  subscriber: PostgresEventStore;
  close(): Promise<void>;
}

export interface SystemOptions {
  name: string;
  /** `start`: the write API and the process manager in one process (default); `write-api`: the API alone. */
  role?: 'start' | 'write-api';
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
  const port = await freePort();
  const slug = options.name.replace(/\W+/g, '-');
  progress(`starting ${options.name}: commerce ${options.role ?? 'start'} in its own process${options.cpuProfile ? `, CPU profile to ${options.cpuProfile}` : ''}`);
  const api = await startChild({
    name: options.name,
    script: 'cli/main.ts',
    args: [options.role ?? 'start'],
    nodeArgs: options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProfile)}`, `--cpu-prof-name=${slug}.cpuprofile`] : [],
    env: { DATABASE_URL: db.url, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', LOG_FORMAT: 'json', COMMERCE_DATA_DIR: options.dataDir, JWT_SECRET: options.jwtSecret },
    port,
    readyPath: '/health/ready',
    logFile: path.join(options.dataDir, `${slug}.log`),
  });
  const subscriberPool = new Pool({ connectionString: db.url, max: 2, application_name: 'bench-subscriber' });
  const subscriber = new PostgresEventStore({ pool: subscriberPool, connectionString: db.url, log: options.log });
  const close = async () => {
    await api.stop();
    await subscriber.close().catch(() => undefined);
    await subscriberPool.end().catch(() => undefined);
  };
  try {
    const { skus, stock, customers, lines, runId } = options.shop;
    progress(`setting up ${skus} products x ${stock.toLocaleString('en-US')} units and ${customers} customers through the API`);
    const shop = await setUpShop(api.url, options.jwtSecret, { skus, stock, customers, runId });
    if (options.role !== 'write-api') await drainFulfilment(db.pool, subscriber, 30_000);
    return { db, api, shop, next: orderRequests(shop, lines), subscriber, close };
  } catch (error) {
    await close();
    throw error;
  }
}
