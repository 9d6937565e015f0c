/**
 * Write-side benchmark (`npm run bench:write`): the real write API and order process manager
 * (`commerce write-api` and `commerce process-manager`, from source) in child processes, a bare Fastify endpoint doing one INSERT per
 * request (the limit) in another, both on one Postgres; this process generates the load
 * (autocannon, a paced client) and watches the events. The latency runs get a fresh server on a
 * fresh database, so the throughput runs' backlog is not in them. Prints a table and writes
 * bench/results/write.json. A report, not a test: exits 0 even when a goal is missed.
 *
 * Env: DATABASE_URL (else an embedded Postgres in .data/bench-write on a free port), BENCH_SECONDS (12),
 * BENCH_WARMUP_SECONDS (2), BENCH_CONFIRM_SECONDS (15), BENCH_SKUS (20), BENCH_CUSTOMERS (200),
 * BENCH_ORDER_LINES (2), BENCH_LONG_EVENTS (50000), BENCH_LONG_SAMPLES (300), BENCH_HISTORY_EVENTS
 * (5000), BENCH_LOW_RATE (10 orders/s), BENCH_CPU_PROF (a directory: the servers run with --cpu-prof
 * and write their profiles there), BENCH_ROLE (write-side: `commerce write-api` and `commerce
 * process-manager` as two processes, as production runs them; start: every role, the read side
 * included, in one process), LOG_LEVEL (warn).
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../platform/logger';
import { openBenchDatabase, serverSettings, type BenchDatabase } from './lib/postgres';
import { invariantNote, invariantRow, invariantsOf } from './lib/invariants';
import { finishReport, type BenchResult } from './lib/report';
import { envNumber, progress, sleep } from './lib/timed';
import { confirmLatency, type ConfirmRun } from './write/confirm-latency';
import { cpuNote, postmasterPid, sampleCpu } from './write/cpu';
import { drainFulfilment } from './write/drain';
import { reservationLatency } from './write/long-stream';
import { freePort, killAll, ROOT, startChild } from './write/processes';
import { RAW_TABLE_SQL } from './write/raw-server';
import { runLoad } from './write/load';
import { aloneRows, confirmRows, endToEndConfirmRows, loadNote, lowRateRows, serverLogNote, stageNote, streamRows } from './write/results';
import { startSystem, type System, type SystemRole } from './write/system';
import { measureThroughput } from './write/throughput';

const SECONDS = envNumber('BENCH_SECONDS', 12);
const WARMUP = envNumber('BENCH_WARMUP_SECONDS', 2);
const CONFIRM_SECONDS = envNumber('BENCH_CONFIRM_SECONDS', 15);
const SKUS = envNumber('BENCH_SKUS', 20);
const CUSTOMERS = envNumber('BENCH_CUSTOMERS', 200);
const LINES = envNumber('BENCH_ORDER_LINES', 2);
const LONG_EVENTS = envNumber('BENCH_LONG_EVENTS', 50_000);
const SAMPLES = envNumber('BENCH_LONG_SAMPLES', 300);
const HISTORY_EVENTS = envNumber('BENCH_HISTORY_EVENTS', 5_000);
const LOW_RATE = envNumber('BENCH_LOW_RATE', 10);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const ROLE = (process.env.BENCH_ROLE ?? 'write-side') as SystemRole;
const DATA_DIR = path.join(ROOT, '.data', 'bench-write');
const RESULTS_FILE = path.join(__dirname, 'results', 'write.json');
const log = createLogger('bench', (process.env.LOG_LEVEL as 'warn' | undefined) ?? 'warn');

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const runId = Date.now().toString(36).toUpperCase();
  const cores = os.cpus().length;
  mkdirSync(DATA_DIR, { recursive: true });
  const primary = await openBenchDatabase({ database: 'bench_write', dataDir: DATA_DIR, poolSize: 8, log });
  const opened: { close(): Promise<void> }[] = [];
  const stopping = () => {
    progress('interrupted: stopping the servers and Postgres');
    setTimeout(() => process.exit(130), 20_000).unref();
    killAll('SIGTERM');
    void new Promise((r) => setTimeout(r, 3000))
      .then(() => killAll('SIGKILL'))
      .then(() => Promise.allSettled(opened.map((o) => o.close())))
      .then(() => primary.close())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', stopping);
  process.once('SIGTERM', stopping);
  try {
    const settings = await serverSettings(primary.pool);
    await primary.pool.query(RAW_TABLE_SQL);
    const jwtSecret = randomBytes(32).toString('base64url');
    const system = (name: string, db: BenchDatabase, role: SystemRole = ROLE) =>
      startSystem({ name, db, role, dataDir: DATA_DIR, jwtSecret, log, cpuProfile: CPU_PROF, shop: { skus: SKUS, stock: 1_000_000, customers: CUSTOMERS, lines: LINES, runId: runId + name.length } });
    const rawPort = await freePort();
    progress('starting the raw endpoint (bare Fastify, one INSERT per request) in its own process');
    const raw = await startChild({
      name: 'raw endpoint',
      script: 'bench/write/raw-server.ts',
      env: { DATABASE_URL: primary.url, PORT: String(rawPort), RAW_POOL_SIZE: '20' },
      port: rawPort,
      readyPath: '/health',
      logFile: path.join(DATA_DIR, 'raw-endpoint.log'),
    });
    opened.push({ close: async () => void (await raw.stop()) });
    const postmaster = primary.server.startsWith('embedded') ? postmasterPid(DATA_DIR) : undefined;

    // 1. Throughput: the raw endpoint and POST /orders at 16 and 64 connections.
    const a = await system('write API (throughput)', primary);
    opened.push(a);
    const cpu = () => sampleCpu({ ...a.pids, 'raw endpoint': raw.pid, 'load generator': process.pid }, postmaster);
    const throughput = await measureThroughput({ system: a, raw, seconds: SECONDS, warmupSeconds: WARMUP, cpu, cores });
    results.push(...throughput.results);
    notes.push(...throughput.notes);
    notes.push(serverLogNote(raw, await raw.stop()), ...(await stopped(a)));

    // 1b. Where the process manager's share goes: POST /orders @64 against the write API alone.
    const c = await system('write API alone', primary, 'write-api');
    opened.push(c);
    progress(`POST /orders @64 connections, write API alone (no process manager): ${WARMUP} s warm-up + ${SECONDS} s`);
    const cpuC = () => sampleCpu({ ...c.pids, 'load generator': process.pid }, postmaster);
    let cpuBeforeC = cpuC();
    const alone = await runLoad({ url: c.api.url, path: '/orders', connections: 64, seconds: SECONDS, warmupSeconds: WARMUP, next: c.next, onMeasureStart: () => (cpuBeforeC = cpuC()) });
    notes.push(cpuNote('POST /orders @64, write API alone', cpuBeforeC, cpuC(), alone.total, alone.seconds, cores), loadNote('POST /orders, write API alone', alone));
    results.push(...aloneRows(alone, throughput.raw64));
    notes.push(...(await stopped(c)));

    // 2. Order → Confirmed on a fresh database and server, so the throughput runs' backlog is not measured.
    const latencyDb = await openBenchDatabase({ database: 'bench_write_latency', dataDir: DATA_DIR, poolSize: 4, log });
    opened.push(latencyDb);
    const b = await system('write API (latency)', latencyDb);
    opened.push(b);
    progress(`order → Confirmed at a light load: ${LOW_RATE} orders/s for 2 s warm-up + 8 s, paced, open loop`);
    const low = await confirmLatency({ url: b.api.url, rate: LOW_RATE, seconds: 8, warmupSeconds: 2, settleMs: 10_000, next: b.next, subscriber: b.subscriber });
    notes.push(stageNote(low, `@ ${LOW_RATE} orders/s`));
    await drainFulfilment(latencyDb.pool, b.subscriber, 30_000);
    // Informational, before the run at 50% of the POST peak so that run's backlog is not in it: half
    // of what the write API and the process manager together finish per second.
    const endToEnd = throughput.endToEnd;
    let halfEndToEnd: ConfirmRun | undefined;
    if (endToEnd > 0) {
      progress(`order → Confirmed: ${(endToEnd / 2).toFixed(0)} orders/s (50% of ${endToEnd.toFixed(0)} confirmed/s end to end) for 2 s warm-up + ${CONFIRM_SECONDS} s, paced, open loop`);
      halfEndToEnd = await confirmLatency({ url: b.api.url, rate: endToEnd / 2, seconds: CONFIRM_SECONDS, warmupSeconds: 2, settleMs: 15_000, next: b.next, subscriber: b.subscriber });
      notes.push(stageNote(halfEndToEnd, 'at 50% of the end-to-end peak'));
      await drainFulfilment(latencyDb.pool, b.subscriber, 30_000);
    }
    const peak = throughput.peak;
    progress(`order → Confirmed: ${(peak / 2).toFixed(0)} orders/s (50% of ${peak.toFixed(0)}) for 2 s warm-up + ${CONFIRM_SECONDS} s, paced, open loop`);
    const cpuB = () => sampleCpu({ ...b.pids, 'load generator': process.pid }, postmaster);
    const [cpuBefore, confirmStart] = [cpuB(), Date.now()];
    const confirm = await confirmLatency({ url: b.api.url, rate: peak / 2, seconds: CONFIRM_SECONDS, warmupSeconds: 2, settleMs: 15_000, next: b.next, subscriber: b.subscriber });
    const sent = Math.round(confirm.rate * (CONFIRM_SECONDS + 2));
    notes.push(cpuNote('order → Confirmed run (sends + settle)', cpuBefore, cpuB(), sent, (Date.now() - confirmStart) / 1000, cores));
    results.push(...confirmRows(confirm), ...(halfEndToEnd ? endToEndConfirmRows(halfEndToEnd, endToEnd) : []), ...lowRateRows(low));
    notes.push(stageNote(confirm, 'at 50% of peak'), ...(await stopped(b)));

    // The load runs must not have broken the domain: both databases through the invariant check.
    for (const [label, db] of [['throughput runs', primary], ['latency runs', latencyDb]] as const) {
      progress(`domain invariants after the ${label}: reading the whole log`);
      const check = await invariantsOf(db.pool);
      results.push(invariantRow(`domain invariants broken by the ${label}`, check));
      notes.push(invariantNote(label, check));
    }

    // 3. Reservation latency on a long stock stream against a fresh one (no server running).
    progress(`long stream: appending ${LONG_EVENTS} StockReceived to one SKU, then ${SAMPLES} reservations each on it and on a fresh SKU`);
    const receipts = await reservationLatency(primary.pool, log, { history: 'receipts', events: LONG_EVENTS, samples: SAMPLES, warmup: 20, runId });
    progress(`long stream with order history: ${HISTORY_EVENTS} events of reserve + commit, 30 reservations each`);
    const history = await reservationLatency(primary.pool, log, { history: 'orders', events: HISTORY_EVENTS, samples: 30, warmup: 4, runId });
    results.push(...streamRows(receipts, history, LONG_EVENTS, HISTORY_EVENTS));
    notes.push(`long stream: filled in ${receipts.fillSeconds.toFixed(1)} s; its snapshot is ${receipts.snapshotBytes} bytes; fresh p50 ${receipts.fresh.p50.toFixed(2)} ms`);
    notes.push(`order-history stream: snapshot ${(history.snapshotBytes / 1024).toFixed(0)} KiB; long p50 ${history.long.p50.toFixed(1)} ms vs fresh ${history.fresh.p50.toFixed(2)} ms`);

    const cpus = os.cpus();
    console.log('\nWrite-side benchmark');
    for (const line of [
      `PostgreSQL ${settings.version} (${primary.server}); fsync=${settings.fsync}, synchronous_commit=${settings.synchronousCommit}, wal_sync_method=${settings.walSyncMethod}, shared_buffers=${settings.sharedBuffers}`,
      `Node ${process.version}, ${cores} cores (${cpus[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      `system under test: ${ROLE === 'write-side' ? 'commerce write-api and commerce process-manager, one process each (the production topology)' : `commerce ${ROLE}`}; it, the raw endpoint, Postgres and this load generator (autocannon, paced client, event subscriber) share these ${cores} cores`,
      `load runs: ${WARMUP} s warm-up + ${SECONDS} s; orders of ${LINES} lines over ${SKUS} SKUs by ${CUSTOMERS} customers with their own tokens; raw endpoint pool 20 = the app's`,
      `code: ${revision()}; server logs: ${path.relative(process.cwd(), DATA_DIR)}/*.log`,
    ]) {
      console.log(`  ${line}`);
    }
    finishReport(RESULTS_FILE, results, notes);
  } finally {
    process.removeListener('SIGINT', stopping);
    process.removeListener('SIGTERM', stopping);
    for (const o of opened.reverse()) await o.close().catch(() => undefined);
    await primary.close();
  }
}

/** Stops a system's servers (and its subscriber) once the requests the load generator left behind are answered; notes what they logged. */
async function stopped(system: System): Promise<string[]> {
  await sleep(1500);
  await system.close();
  const notes = [serverLogNote(system.api, await system.api.stop())];
  if (system.processManager) notes.push(serverLogNote(system.processManager, await system.processManager.stop()));
  return notes;
}

/** The commit measured, and the files changed since outside bench/ (the code under test). */
function revision(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
    const changed = execSync('git status --porcelain --untracked-files=no', { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.slice(3).trim())
      .filter((f) => f && !f.startsWith('bench/'));
    return changed.length ? `${head} + uncommitted changes in ${changed.join(', ')}` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

main().catch((error) => {
  console.error(error);
  killAll('SIGKILL');
  process.exitCode = 1;
});
