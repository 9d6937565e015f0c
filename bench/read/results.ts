import { infoResult, ratioResult, thresholdResult, type BenchResult } from '../lib/report';
import type { ClosedLoop, OpenLoop } from './get-latency';
import type { RawRead, RawUpsert } from './raw-limits';
import type { RebuildRate } from './rebuild-rates';
import type { RywRun } from './read-your-writes';

const n = (v: number) => Math.round(v).toLocaleString('en-US');

/** One Postgres model: its rebuild against the lower raw limit and against the absolute floor, then the limits themselves. */
export function postgresRebuildRows(r: RebuildRate, read: RawRead, readBatch: number, upsert: RawUpsert, batch: number, floor: number): BenchResult[] {
  const eventsPerRow = r.events / upsert.rows;
  const upsertEquivalent = upsert.rowsPerSecond * eventsPerRow;
  const limit = Math.min(read.perSecond, upsertEquivalent);
  const which = read.perSecond <= upsertEquivalent ? 'ordered read' : 'upsert';
  return [
    ratioResult(`rebuild ${r.name} (${n(r.events)} events) vs lower raw limit (${which})`, r.completed ? r.perSecond : null, 'events/s', limit, ['>=', 0.5]),
    thresholdResult(`  rebuild ${r.name}, absolute`, r.completed ? r.perSecond : null, 'events/s', ['>=', floor]),
    infoResult(`  limit: raw ordered read of the log as its rebuild reads it, before and after (keyset, ${readBatch}/query)`, read.perSecond, 'events/s'),
    infoResult(`  limit: raw upsert of its ${n(upsert.rows)} final rows, ${batch}/stmt (x ${eventsPerRow.toFixed(2)} events/row)`, upsertEquivalent, 'events/s'),
    infoResult(`  raw upsert of ${r.name}'s final rows`, upsert.rowsPerSecond, 'rows/s'),
  ];
}

export function rebuildInfoRow(r: RebuildRate, read: RawRead): BenchResult {
  return infoResult(`rebuild ${r.name} (${r.kind}; informational) vs raw ordered read around it`, r.completed ? r.perSecond : null, 'events/s', read.perSecond);
}

/** The run at the goal's rate is held to the goals; a run at another rate is shown for comparison. */
export function rywRows(run: RywRun, gated: boolean): BenchResult[] {
  const at = `@ ${n(run.rate)} POST /orders/s`;
  if (!gated) {
    return [
      infoResult(`  read-your-writes p50 ${at} (light load, for comparison)`, run.visible.p50, 'ms'),
      infoResult(`  read-your-writes p99 ${at} (light load, for comparison)`, run.visible.p99, 'ms'),
    ];
  }
  return [
    thresholdResult(`read-your-writes p50 ${at}: 202 → in order_summary`, run.visible.p50, 'ms', ['<', 20]),
    thresholdResult(`read-your-writes p99 ${at}: 202 → in order_summary`, run.visible.p99, 'ms', ['<', 100]),
    infoResult('  of which 202 → readable in the log, p50', run.readable.p50, 'ms'),
    infoResult('  of which 202 → readable in the log, p99', run.readable.p99, 'ms'),
    infoResult('  achieved POST /orders rate (202s)', run.achievedRate, 'req/s', run.rate),
    infoResult('  POST /orders latency p99 at this rate', run.post.p99, 'ms'),
    infoResult(`  GET /orders/{id} with X-Min-Position: 202 → its 200, p50 (${run.getSamples} sampled orders)`, run.get.p50, 'ms'),
    infoResult('  GET /orders/{id} with X-Min-Position: 202 → its 200, p99', run.get.p99, 'ms'),
    infoResult('  GET /orders/{id} with X-Min-Position: not 200 (503 at the bound, 404, errors)', run.getFailed, 'responses', run.getSamples),
  ];
}

export function getRows(max: ClosedLoop, open: OpenLoop, backgroundRate: number): BenchResult[] {
  return [
    infoResult(`GET /orders/{id} max, closed loop @${max.connections} conns (orders at ${backgroundRate}/s)`, max.okPerSecond, 'req/s'),
    infoResult(`  closed loop latency p99 (p50 ${max.p50} ms)`, max.p99, 'ms'),
    ratioResult(`GET /orders/{id} p99 vs p50 @ ${n(open.rate)}/s open loop (50% of max)`, open.latency.p99, 'ms', open.latency.p50, ['<=', 5]),
    infoResult('  open loop latency p50', open.latency.p50, 'ms'),
    infoResult('  open loop non-200 answers and errors', open.latency.count - open.ok, 'responses', open.latency.count),
  ];
}
