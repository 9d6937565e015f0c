import path from 'node:path';
import type { Logger } from '../../platform/logger';
import type { BenchDatabase } from '../lib/postgres';
import { progress } from '../lib/timed';
import { serverLogNote } from '../write/results';
import { freePort, startChild, type ChildServer } from '../write/processes';
import type { ShopFixture } from '../write/shop';
import { startSystem } from '../write/system';

/**
 * `split`: the production topology, each role its own process: commerce write-api, process-manager,
 * two projectors (`--kind postgres` and `--kind documents,search`, as the Kubernetes manifests
 * deploy them) and read-api. `start`: everything in one process (`commerce start`, what `npm start` runs).
 */
export type Topology = 'split' | 'start';

export interface ReadSystem {
  /** Where commands go. */
  writeUrl: string;
  /** Where queries go (the same server with `start`). */
  readUrl: string;
  /** Each child process by name, for CPU sampling. */
  pids: Record<string, number>;
  servers: ChildServer[];
  shop: ShopFixture;
  next: () => { body: string; authorization: string };
  /** Stops every server (read side first); one line per server on how it exited and what it logged. */
  close(): Promise<string[]>;
}

export interface ReadSystemOptions {
  topology: Topology;
  db: BenchDatabase;
  dataDir: string;
  jwtSecret: string;
  log: Logger;
  cpuProfile?: string;
  shop: { skus: number; stock: number; customers: number; lines: number; runId: string };
}

/** The lease connection a projection worker holds while it is the active one. */
const workerActive = (projection: string) =>
  `select 1 from pg_stat_activity where datname = current_database() and application_name like 'commerce-lease:projection:${projection}:%'`;

export async function startReadSystem(options: ReadSystemOptions): Promise<ReadSystem> {
  const { db, dataDir, jwtSecret, log, cpuProfile } = options;
  const role = options.topology === 'start' ? 'start' : 'write-side';
  const system = await startSystem({ name: `read bench ${options.topology}`, db, role, dataDir, jwtSecret, log, cpuProfile, shop: options.shop });
  const servers: ChildServer[] = [system.api, ...(system.processManager ? [system.processManager] : [])];
  const extra: ChildServer[] = [];
  const close = async () => {
    const notes: string[] = [];
    for (const s of [...extra].reverse()) notes.push(serverLogNote(s, await s.stop()));
    await system.close();
    // Already stopped by system.close(): stop() now only reports how each exited.
    for (const s of servers) notes.push(serverLogNote(s, await s.stop()));
    return notes;
  };
  if (options.topology === 'start') {
    return { writeUrl: system.api.url, readUrl: system.api.url, pids: system.pids, servers, shop: system.shop, next: system.next, close };
  }
  const env = { DATABASE_URL: db.url, HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', COMMERCE_DATA_DIR: dataDir, JWT_SECRET: jwtSecret, METRICS_PORT: '0' };
  const profile = (name: string) => (cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProfile)}`, `--cpu-prof-name=${name}.cpuprofile`] : []);
  try {
    progress('starting commerce projector (twice: --kind postgres, --kind documents,search) and commerce read-api, each in its own process');
    for (const [name, kinds, log] of [
      ['projector', 'postgres', 'projector.log'],
      ['projector (documents, search)', 'documents,search', 'projector-documents.log'],
    ] as const) {
      extra.push(
        await startChild({
          name,
          script: 'cli/main.ts',
          args: ['projector', '--kind', kinds],
          nodeArgs: profile(name === 'projector' ? 'projector' : 'projector-documents'),
          env,
          port: 0,
          readyPath: '',
          isReady: async () => (await db.pool.query(workerActive(kinds === 'postgres' ? 'order_summary' : 'order_timeline'))).rowCount === 1,
          logFile: path.join(dataDir, log),
        }),
      );
    }
    const port = await freePort();
    extra.push(
      await startChild({
        name: 'read API',
        script: 'cli/main.ts',
        args: ['read-api'],
        nodeArgs: profile('read-api'),
        env: { ...env, READ_API_PORT: String(port) },
        port,
        readyPath: '/health/ready',
        logFile: path.join(dataDir, 'read-api.log'),
      }),
    );
    const [projector, documents, readApi] = extra as [ChildServer, ChildServer, ChildServer];
    return {
      writeUrl: system.api.url,
      readUrl: readApi.url,
      pids: { ...system.pids, projector: projector.pid, 'projector (documents, search)': documents.pid, 'read API': readApi.pid },
      servers: [...servers, projector, documents, readApi],
      shop: system.shop,
      next: system.next,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
