import { infoResult, ratioResult, thresholdResult, type BenchResult } from '../lib/report';
import type { ConfirmRun } from './confirm-latency';
import type { LoadResult } from './load';
import type { StreamLatency } from './long-stream';
import type { ChildServer } from './processes';

const problems = (r: LoadResult) => r.non2xx + r.errors + r.timeouts;

/** Rows for one connection count: the raw endpoint (the limit) and POST /orders against it. */
export function throughputRows(raw: LoadResult, orders: LoadResult, goal?: ['>=', number]): BenchResult[] {
  const c = orders.connections;
  return [
    infoResult(`limit: raw INSERT endpoint @${c} conns`, raw.okPerSecond, 'req/s'),
    infoResult(`  raw endpoint @${c} latency p50`, raw.p50, 'ms'),
    infoResult(`  raw endpoint @${c} latency p99`, raw.p99, 'ms'),
    ratioResult(`POST /orders @${c} conns (vs raw @${c})`, orders.okPerSecond, 'req/s', raw.okPerSecond, goal),
    infoResult(`  POST /orders @${c} latency p50`, orders.p50, 'ms'),
    infoResult(`  POST /orders @${c} latency p99`, orders.p99, 'ms'),
    infoResult(`  POST /orders @${c} non-2xx + errors + timeouts`, problems(orders), 'responses', orders.total),
  ];
}

/** POST /orders against `commerce write-api` alone: the API's own cost, without the process manager sharing the cores. */
export function aloneRows(alone: LoadResult, raw64: number): BenchResult[] {
  return [
    infoResult('  POST /orders @64, write API alone (no process manager)', alone.okPerSecond, 'req/s', raw64),
    infoResult('  POST /orders @64, write API alone: latency p99', alone.p99, 'ms'),
  ];
}

export function confirmRows(run: ConfirmRun): BenchResult[] {
  const at = `@ ${Math.round(run.rate)} orders/s (50% of peak)`;
  return [
    infoResult(`order → Confirmed p50 ${at}`, run.latency.p50, 'ms'),
    thresholdResult(`order → Confirmed p99 ${at}`, run.latency.p99, 'ms', ['<', 250]),
    infoResult('  orders confirmed (of placed in the window)', run.confirmed, 'orders', run.placed),
    infoResult('  achieved POST /orders rate (202s)', run.achievedRate, 'req/s', run.rate),
    infoResult('  POST /orders latency p99 at this rate', run.post.p99, 'ms'),
  ];
}

/** Informational: the same latency at half of what the whole system confirms per second, where the process manager keeps up. */
export function endToEndConfirmRows(run: ConfirmRun, endToEnd: number): BenchResult[] {
  const at = `@ ${Math.round(run.rate)} orders/s (50% of the end-to-end peak, ${Math.round(endToEnd)} confirmed/s)`;
  return [
    infoResult(`  order → Confirmed p50 ${at}`, run.latency.p50, 'ms'),
    infoResult(`  order → Confirmed p99 ${at}`, run.latency.p99, 'ms'),
    infoResult('    orders confirmed (of placed in the window)', run.confirmed, 'orders', run.placed),
  ];
}

export function streamRows(receipts: StreamLatency, history: StreamLatency | undefined, events: number, historyEvents: number): BenchResult[] {
  const n = events.toLocaleString('en-US');
  const rows = [
    ratioResult(`reservation p50 on a ${n}-event stock stream (vs fresh)`, receipts.long.p50, 'ms', receipts.fresh.p50, ['<=', 1.5]),
    infoResult(`  reservation p99 on the ${n}-event stream (vs fresh)`, receipts.long.p99, 'ms', receipts.fresh.p99),
    infoResult(`  first reservation on the ${n}-event stream (full fold, no snapshot)`, receipts.firstLongMs, 'ms'),
  ];
  if (history) {
    const h = historyEvents.toLocaleString('en-US');
    rows.push(
      infoResult(`  reservation p50, ${h}-event stream of shipped orders (vs fresh)`, history.long.p50, 'ms', history.fresh.p50),
      infoResult(`  first reservation on the ${h}-event order history (full fold)`, history.firstLongMs, 'ms'),
    );
  }
  return rows;
}

export function loadNote(name: string, r: LoadResult): string {
  const statuses = Object.entries(r.statuses).map(([code, n]) => `${n} x ${code}`);
  return (
    `${name} @${r.connections}: ${r.total} requests in ${r.seconds.toFixed(1)} s, latency max ${r.max} ms; ` +
    `non-2xx ${r.non2xx}${statuses.length ? ` (${statuses.join(', ')})` : ''}, errors ${r.errors}, timeouts ${r.timeouts}`
  );
}

export function stageNote(run: ConfirmRun, label: string): string {
  const stages = run.stages.map((s) => `${s.type} ${s.p50.toFixed(0)}/${s.p99.toFixed(0)}`).join(' → ');
  return (
    `order stages ${label}, POST sent → last event of each type seen by the bench subscriber, p50/p99 ms: ${stages}; ` +
    `${run.placed} placed, ${run.failed} failed, ${run.confirmed} confirmed, ${run.rejected} rejected` +
    (run.confirmed < run.placed ? ` (${run.placed - run.confirmed} not confirmed by the end of the wait after the last send count as ∞)` : '') +
    `, ${run.late} sends > 5 ms behind their slot`
  );
}

export function lowRateRows(run: ConfirmRun): BenchResult[] {
  const at = `@ ${run.rate} orders/s (light load)`;
  return [infoResult(`  order → Confirmed p50 ${at}`, run.latency.p50, 'ms'), infoResult(`  order → Confirmed p99 ${at}`, run.latency.p99, 'ms')];
}

/** What a stopped server logged at warn or above: the most frequent kinds, with one example of the most frequent. */
export function serverLogNote(child: ChildServer, code: number | null): string {
  const logged = child.logSummary();
  const head = `${child.name} (pid ${child.pid}) exited with ${code === null ? 'a signal (killed after the grace period)' : code}`;
  if (logged.length === 0) return `${head}; nothing logged at warn or above`;
  const kinds = logged.slice(0, 4).map((l) => `${l.count} x ${l.key}`).join(' | ');
  return `${head}; logged ${kinds}; e.g. ${logged[0]!.example.slice(0, 400)}`;
}
