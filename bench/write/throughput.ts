import { infoResult, type BenchResult } from '../lib/report';
import { progress } from '../lib/timed';
import { cpuNote, type CpuSample } from './cpu';
import { drainFulfilment, orderCounts } from './drain';
import { runLoad, type LoadResult } from './load';
import type { ChildServer } from './processes';
import { loadNote, throughputRows } from './results';
import type { System } from './system';

export interface ThroughputOptions {
  system: System;
  raw: ChildServer;
  seconds: number;
  warmupSeconds: number;
  cpu: () => CpuSample;
  cores: number;
}

export interface Throughput {
  results: BenchResult[];
  notes: string[];
  /** POST /orders 2xx per second at 64 connections. */
  peak: number;
  /** The raw endpoint's 2xx per second at 64 connections. */
  raw64: number;
  /** Orders confirmed or rejected per second over the @16 run and its drain: the process manager's capacity beside the API. */
  endToEnd: number;
}

/**
 * For 16 and 64 connections: the raw endpoint, then POST /orders with the process manager working
 * alongside as in production. After the 16-connection run it waits until the manager has finished
 * those orders (its end-to-end capacity); the 64-connection run leaves a backlog that is only counted.
 */
export async function measureThroughput(options: ThroughputOptions): Promise<Throughput> {
  const { api, db, subscriber, next } = options.system;
  const results: BenchResult[] = [];
  const notes: string[] = [];
  let peak = NaN;
  let raw64 = NaN;
  let endToEnd = NaN;
  for (const connections of [16, 64]) {
    const load = async (name: string, url: string): Promise<LoadResult> => {
      progress(`${name} @${connections} connections: ${options.warmupSeconds} s warm-up + ${options.seconds} s`);
      let before: CpuSample = {};
      const run = await runLoad({ url, path: '/orders', connections, seconds: options.seconds, warmupSeconds: options.warmupSeconds, next, onMeasureStart: () => (before = options.cpu()) });
      notes.push(cpuNote(`${name} @${connections}`, before, options.cpu(), run.total, run.seconds, options.cores));
      return run;
    };
    const raw = await load('raw endpoint', options.raw.url);
    const counts = await orderCounts(db.pool);
    const started = Date.now();
    const cpuStart = options.cpu();
    const orders = await load('POST /orders', api.url);
    if (connections === 16) {
      progress('waiting for the process manager to finish these orders');
      const drain = await drainFulfilment(db.pool, subscriber, 60_000);
      const finished = drain.counts.confirmed + drain.counts.rejected - counts.confirmed - counts.rejected;
      const seconds = (Date.now() - started) / 1000;
      endToEnd = finished / seconds;
      notes.push(
        `@16: the process manager ${drain.drained ? 'finished' : 'had NOT finished'} the run's orders ${drain.seconds.toFixed(1)} s after the load ended: ` +
          `${finished} orders confirmed or rejected over warm-up + run + drain = ${endToEnd.toFixed(1)} orders/s end to end`,
      );
      notes.push(cpuNote('  per order over warm-up + run + drain @16', cpuStart, options.cpu(), finished, seconds, options.cores));
    } else {
      const after = await orderCounts(db.pool);
      const open = after.placed - after.confirmed - after.rejected;
      notes.push(`@64: when the load stopped, ${open} of ${after.placed - counts.placed} orders placed in the run were not confirmed yet (${(open / endToEnd).toFixed(0)} s of process-manager work at the @16 rate)`);
    }
    results.push(...throughputRows(raw, orders, connections === 64 ? ['>=', 0.5] : undefined));
    notes.push(loadNote('raw endpoint', raw), loadNote('POST /orders', orders));
    if (connections === 64) [peak, raw64] = [orders.okPerSecond, raw.okPerSecond];
  }
  results.push(infoResult('  orders confirmed per second, end to end (@16 run + drain)', endToEnd, 'orders/s'));
  return { results, notes, peak, raw64, endToEnd };
}
