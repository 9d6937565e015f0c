import type { Command } from 'commander';
import { openReadSide, type ReadSide } from '../../projections/read-side';
import { openRuntime } from '../../platform/runtime';
import { loadTimeline, type SourcedTimeline } from '../audit/order-timeline-source';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  return line(header) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

/** What an auditor must know before trusting the listing: its source, how current it is, what it may lack. */
export function timelineNotes({ source }: SourcedTimeline): { header: string; warnings: string[] } {
  if (source.kind === 'event-store') {
    return { header: `source: the event store (order, payment, fulfilment and stock streams) at its head ${source.head}`, warnings: [`read from the event store because ${source.reason}`] };
  }
  const warnings: string[] = [];
  if (source.lagEvents !== 0) {
    warnings.push(`the read model lags the event store head by ${source.lagEvents ?? 'an unknown number of'} event(s): events of this order after position ${source.position} are missing (use --from-events for the current history)`);
  }
  if (source.state !== 'running') warnings.push(`the order_timeline projection is ${source.state}: see commerce projections status`);
  return { header: `source: order_timeline read model, generation ${source.generation}, up to position ${source.position} (event store head ${source.head})`, warnings };
}

export function renderTimeline(sourced: SourcedTimeline): string {
  const { timeline } = sourced;
  const notes = timelineNotes(sourced);
  const rows = timeline.entries.map((e) => [
    e.occurredAt, e.type, `${e.streamId}@${e.revision}`, `${e.actor.subject} (${e.actor.role})`, e.summary, e.causationId, e.correlationId,
  ]);
  return (
    `order ${timeline.orderId}: ${timeline.status ?? 'unknown status'}, customer ${timeline.customerId ?? 'unknown'}, ${timeline.entries.length} event(s)\n` +
    `${notes.header}\n` +
    notes.warnings.map((w) => `WARNING: ${w}\n`).join('') +
    '\n' +
    table(['time (occurred)', 'event', 'stream@revision', 'actor (role)', 'summary', 'caused by', 'correlation'], rows)
  );
}

export function registerAuditTimeline(audit: Command): void {
  audit
    .command('timeline <orderId>')
    .description("the order's cross-stream history: every event of its order, stock, payment and fulfilment streams with when, who and what caused it (from the order_timeline read model; from the event store when that is not built)")
    .option('--json', 'print the timeline as JSON, with its source and warnings')
    .option('--from-events', 'fold the timeline from the event store instead of the read model (always current)')
    .action(async (orderIdArg: string, options: { json?: boolean; fromEvents?: boolean }) => {
      if (!UUID.test(orderIdArg)) throw new Error(`"${orderIdArg}" is not an order id: order ids are UUIDs, e.g. the id POST /orders answered with`);
      const orderId = orderIdArg.toLowerCase();
      const runtime = await openRuntime({ role: 'audit' });
      let sourced: SourcedTimeline | null;
      try {
        let readSide: ReadSide | { unavailable: string };
        try {
          readSide = options.fromEvents ? { unavailable: 'not used' } : await openReadSide(runtime);
        } catch (error) {
          readSide = { unavailable: (error as Error).message };
        }
        try {
          sourced = await loadTimeline(runtime.eventStore, readSide, orderId, options.fromEvents);
        } finally {
          if ('close' in readSide) await readSide.close();
        }
      } finally {
        await runtime.close();
      }
      if (!sourced) throw new Error(`Unknown order ${orderId}: the event store has no stream order-${orderId}`);
      if (options.json) {
        const { header: _header, warnings } = timelineNotes(sourced);
        process.stdout.write(JSON.stringify({ ...sourced.timeline, source: sourced.source, warnings }, null, 2) + '\n');
      } else {
        process.stdout.write(renderTimeline(sourced));
      }
    });
}
