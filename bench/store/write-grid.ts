import type { Pool } from 'pg';
import type { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { checkpoint } from '../lib/postgres';
import { infoResult, ratioResult, type BenchResult } from '../lib/report';
import { summarize } from '../lib/stats';
import { interleaved, medianOf, progress, timedWorkers, type RoundsRun, type TimedRun } from '../lib/timed';
import { rawCopyOp, rawInsertOp } from './raw-baselines';
import { appendOp } from './store-runs';

export interface GridOptions {
  seconds: number;
  warmupSeconds: number;
  rounds: number;
}

interface GridCase {
  writers: number;
  perAppend: number;
  goal?: ['>=', number];
}

/** writers {1, 32} x events per append {1, 10}, each against the raw INSERT of the same shape. */
const CASES: GridCase[] = [
  { writers: 1, perAppend: 1, goal: ['>=', 0.7] },
  { writers: 32, perAppend: 1, goal: ['>=', 0.5] },
  { writers: 1, perAppend: 10, goal: ['>=', 0.6] },
  { writers: 32, perAppend: 10 },
];

const latency = (run: TimedRun): string => {
  const s = summarize(run.latencies);
  return `p50 ${s.p50.toFixed(2)} / p99 ${s.p99.toFixed(2)} ms`;
};
const perRound = (run: RoundsRun): string => run.rounds.map((r) => Math.round(r.unitsPerSecond)).join(', ');

/**
 * The write grid. Each event-store case alternates with its raw baseline for `rounds` rounds
 * (medians reported), so outside load and table growth affect both sides alike.
 */
export async function writeGrid(pool: Pool, store: PostgresEventStore, options: GridOptions): Promise<{ results: BenchResult[]; notes: string[] }> {
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const measure = async (label: string, workers: number, op: (worker: number) => Promise<number>): Promise<TimedRun> => {
    await checkpoint(pool);
    const run = await timedWorkers({ workers, seconds: options.seconds, warmupSeconds: options.warmupSeconds, op });
    progress(`  ${label}: ${Math.round(run.unitsPerSecond)} events/s, ${Math.round(run.opsPerSecond)} statements/s`);
    return run;
  };

  for (const c of CASES) {
    const rows = c.perAppend === 1 ? '1 row' : `${c.perAppend} rows`;
    const clients = c.writers === 1 ? '1 client' : `${c.writers} clients`;
    const limitName = `raw INSERT ${rows}, ${clients}`;
    const name = `append ${c.writers}w x ${c.perAppend}e`;
    progress(`${name} vs ${limitName}: ${options.rounds} alternating rounds`);
    const rawOp = rawInsertOp(pool, c.perAppend, `raw${c.writers}x${c.perAppend}`);
    const esOp = appendOp(store, c.perAppend, `es${c.writers}x${c.perAppend}`);
    const [raw, es] = await interleaved(options.rounds, () => measure(limitName, c.writers, rawOp), () => measure(name, c.writers, esOp));
    results.push(infoResult(`limit: ${limitName}`, raw.unitsPerSecond, 'rows/s'));
    results.push(ratioResult(`${name} (events/s vs limit)`, es.unitsPerSecond, 'events/s', raw.unitsPerSecond, c.goal));
    results.push(infoResult(`${name} (appends/s)`, es.opsPerSecond, 'appends/s'));
    notes.push(`${name}: rounds ${perRound(es)} events/s vs raw ${perRound(raw)}; statement latency es ${latency(es)}, raw ${latency(raw)}`);
  }

  progress(`raw COPY 1000 rows, 1 client: ${options.rounds} rounds`);
  const copier = await rawCopyOp(pool, 1000);
  const copies: TimedRun[] = [];
  try {
    for (let i = 0; i < options.rounds; i++) copies.push(await measure('raw COPY 1000 rows, 1 client', 1, copier.op));
  } finally {
    copier.release();
  }
  results.push(infoResult('limit: raw COPY 1000 rows/statement, 1 client', medianOf(copies).unitsPerSecond, 'rows/s'));
  notes.push("COPY: implemented over pg's wire protocol (pg-copy-streams is not installed); tx_id is a client counter since COPY cannot call pg_current_xact_id()");
  return { results, notes };
}
