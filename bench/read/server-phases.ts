import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import type { BenchDatabase } from '../lib/postgres';
import type { BenchResult } from '../lib/report';
import { progress, sleep } from '../lib/timed';
import { cpuNote, sampleCpu, type CpuSample } from '../write/cpu';
import { drainFulfilment } from '../write/drain';
import { backgroundOrders, closedLoopMax, openLoopInChild, type OpenLoop } from './get-latency';
import { readYourWrites } from './read-your-writes';
import { getRows, rywRows } from './results';
import type { ReadSystem } from './system';

const GENERATOR = 'GET generator (its own process)';
/** The open loop's process reports the CPU it used itself, counted from its start. */
const withGenerator = (before: CpuSample, after: CpuSample, open: OpenLoop): [CpuSample, CpuSample] =>
  open.generatorCpuSeconds === undefined ? [before, after] : [{ ...before, [GENERATOR]: 0 }, { ...after, [GENERATOR]: open.generatorCpuSeconds }];
const statusList = (statuses: Record<string, number>) => Object.entries(statuses).map(([s, n]) => `${n} x ${s === '0' ? 'transport error' : s}`).join(', ') || 'none';

/** The live read models (and, when asked, the order process manager) whose position is before `head`. */
async function behindHead(pool: Pool, head: string, options: { processManager?: boolean } = {}): Promise<string[]> {
  const { rows } = await pool.query<{ name: string; position: string }>(
    `select projection as name, position from projections.generations where phase = 'live'` +
      (options.processManager ? ` union all select name, position from processing.checkpoints where name = 'order-fulfilment'` : ''),
  );
  return rows.filter((r) => r.position < head).map((r) => r.name);
}

/**
 * Waits until the process manager and every live read model have handled everything appended so
 * far, so one phase's backlog is not measured in the next; says how long that took.
 */
export async function settle(pool: Pool, label: string, timeoutMs = 120_000): Promise<string> {
  const start = performance.now();
  const store = new PostgresEventStore({ pool });
  try {
    const drain = await drainFulfilment(pool, store, timeoutMs);
    for (;;) {
      const behind = await behindHead(pool, await store.headPosition());
      const seconds = (performance.now() - start) / 1000;
      if (behind.length === 0 || seconds * 1000 > timeoutMs) {
        const left = [drain.drained ? '' : 'the process manager', behind.length ? `read models ${behind.join(', ')}` : ''].filter(Boolean);
        return `settled ${label} in ${seconds.toFixed(1)} s${left.length ? `; NOT caught up after ${timeoutMs / 1000} s: ${left.join(' and ')}` : ''}`;
      }
      await sleep(250);
    }
  } finally {
    await store.close();
  }
}

/**
 * Waits until the process manager and every live read model have passed what was appended before
 * the call (appends go on meanwhile: only the backlog is waited for); says how long that took.
 */
export async function caughtUp(pool: Pool, label: string, timeoutMs = 60_000): Promise<string> {
  const start = performance.now();
  const store = new PostgresEventStore({ pool });
  try {
    const head = await store.headPosition();
    for (;;) {
      const behind = await behindHead(pool, head, { processManager: true });
      const seconds = (performance.now() - start) / 1000;
      if (behind.length === 0) return `${label}, the backlog was worked off in ${seconds.toFixed(1)} s`;
      if (seconds * 1000 > timeoutMs) return `${label}, NOT caught up after ${timeoutMs / 1000} s: ${behind.join(', ')}`;
      await sleep(100);
    }
  } finally {
    await store.close();
  }
}

/**
 * VACUUM ANALYZE of the whole database, as an operator runs it after a bulk load. Without it,
 * autovacuum's ANALYZE (of the event log, whose sampled payloads it has to read) tends to start
 * inside the next measured window, where on these two cores it takes one of them for a second.
 */
export async function maintained(pool: Pool): Promise<string> {
  const start = performance.now();
  await pool.query('vacuum (analyze)');
  return `VACUUM ANALYZE of the database took ${((performance.now() - start) / 1000).toFixed(1)} s`;
}

/** CPU the servers and Postgres use with no requests at all: the cost of polling and timers, paid whatever the load. */
export async function idleCpuNote(pids: Record<string, number>, postmaster: number | undefined, seconds: number): Promise<string> {
  const before = sampleCpu(pids, postmaster);
  await sleep(seconds * 1000);
  const after = sampleCpu(pids, postmaster);
  const parts = Object.keys(after)
    .filter((k) => k !== 'machine busy' && before[k] !== undefined)
    .map((k) => `${k} ${(((after[k]! - before[k]!) / seconds) * 100).toFixed(1)}%`);
  return `at rest (no requests for ${seconds} s): CPU of one core used by ${parts.join(', ')}`;
}

interface PhaseOptions {
  system: ReadSystem;
  db: BenchDatabase;
  warmupSeconds: number;
  pids: Record<string, number>;
  postmaster: number | undefined;
  cores: number;
}

export async function measureReadYourWrites(options: PhaseOptions & { rate: number; seconds: number; getEvery: number; gated: boolean }): Promise<{ results: BenchResult[]; notes: string[] }> {
  const { system, rate } = options;
  progress(`read-your-writes: POST /orders at ${rate}/s (open loop) for ${options.warmupSeconds} s warm-up + ${options.seconds} s; order_summary's position read every ~2 ms`);
  const cpu = () => sampleCpu(options.pids, options.postmaster);
  const [before, started] = [cpu(), performance.now()];
  const run = await readYourWrites({
    dbUrl: options.db.url, writeUrl: system.writeUrl, readUrl: system.readUrl, rate, seconds: options.seconds, warmupSeconds: options.warmupSeconds,
    settleMs: 15_000, next: system.next, reader: system.shop.admin, getEvery: options.getEvery,
  });
  const seconds = (performance.now() - started) / 1000;
  const notes = [
    `read-your-writes @ ${rate}/s: ${run.placed} orders measured (${run.failed} non-202 or errors), ${run.notVisible} never visible within 15 s (counted as infinite); ` +
      `${run.early} were applied before their 202 arrived (counted as 0 ms); visible p50 ${run.visible.p50.toFixed(1)} ms, p90 ${run.visible.p90.toFixed(1)}, max ${run.visible.max.toFixed(1)}; ` +
      `of which 202 → readable in the log (every older transaction ended) p50 ${run.readable.p50.toFixed(1)} ms, p99 ${run.readable.p99.toFixed(1)} ms; POST p50 ${run.post.p50.toFixed(1)} ms; ${run.late} sends late by > 5 ms; registry read ${Math.round(run.pollsPerSecond)}/s (a visible time is the answer time of the first read showing it: at most one read late)`,
    `read-your-writes @ ${rate}/s is measured from the 202 arriving here, so the write API's own latency is not in it; the GET figures are every ${options.getEvery}th order read once with GET /orders/{id} and X-Min-Position set to its append's position, as a client reads its own write (the read API holds the request until order_summary has passed it; a GET round trip included)`,
    cpuNote(`read-your-writes @ ${rate}/s (sends + settle), per order`, before, cpu(), Math.round(rate * (options.seconds + options.warmupSeconds)), seconds, options.cores),
  ];
  return { results: rywRows(run, options.gated), notes };
}

export async function measureGets(options: PhaseOptions & { seconds: number; connections: number; backgroundRate: number }): Promise<{ results: BenchResult[]; notes: string[] }> {
  const { system, db } = options;
  const { rows } = await db.pool.query<{ order_id: string }>('select order_id from read_models.order_summary order by random() limit 20000');
  const target = { url: system.readUrl, ids: rows.map((r) => r.order_id), authorization: system.shop.admin };
  const cpu = () => sampleCpu(options.pids, options.postmaster);
  progress(`GET /orders/{id}: orders placed in the background at ${options.backgroundRate}/s; closed loop @${options.connections} connections for ${options.warmupSeconds} s warm-up + ${options.seconds} s`);
  const background = backgroundOrders(system.writeUrl, options.backgroundRate, system.next);
  let cpuBefore = cpu();
  let started = performance.now();
  const measure = async () => {
    const max = await closedLoopMax({ ...target, connections: options.connections, seconds: options.seconds, warmupSeconds: options.warmupSeconds });
    const rate = Math.max(1, Math.round(max.okPerSecond / 2));
    // The closed loop starves the process manager and the projectors of CPU; they catch up first,
    // so the open loop measures reads beside the background orders, not beside that backlog.
    progress(`GET /orders/{id}: ${await caughtUp(db.pool, 'after the closed loop')}`);
    progress(`GET /orders/{id}: ${await maintained(db.pool)}`);
    progress(`GET /orders/{id}: open loop at ${rate}/s (50% of ${Math.round(max.okPerSecond)}) for ${options.warmupSeconds} s warm-up + ${options.seconds} s`);
    [cpuBefore, started] = [cpu(), performance.now()];
    return { max, open: await openLoopInChild({ ...target, rate, seconds: options.seconds, warmupSeconds: options.warmupSeconds }) };
  };
  const measured = await measure().catch(async (error: unknown) => {
    await background.stop().catch(() => undefined);
    throw error;
  });
  const { max, open } = measured;
  const bg = await background.stop();
  const seconds = (performance.now() - started) / 1000;
  const notes = [
    `GET /orders/{id}: ${target.ids.length.toLocaleString('en-US')} random existing order ids, admin token; closed loop non-2xx ${max.non2xx}, errors ${max.errors}; ` +
      `open loop: ${open.late} sends late by > 5 ms, non-200: ${statusList(open.statuses)}, p90 ${open.latency.p90.toFixed(1)} ms, max ${open.latency.max.toFixed(1)} ms`,
    `background POST /orders during the GET runs: ${bg.sent} sent at ${options.backgroundRate}/s, answers ${statusList(bg.statuses)}`,
    cpuNote('GET open loop, per GET (the background orders included)', ...withGenerator(cpuBefore, cpu(), open), open.latency.count, seconds, options.cores),
  ];
  return { results: getRows(max, open, options.backgroundRate), notes };
}
