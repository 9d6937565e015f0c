import type { Pool } from 'pg';
import { checkInvariants, processManagerCheckpoint, type InvariantReport } from '../../cli/audit/invariants';
import { eventRegistry } from '../../event-schemas/registry';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { thresholdResult, type BenchResult } from './report';

/**
 * The domain invariants (commerce audit invariants) over a bench database after its load runs:
 * throughput figures from a run that broke them would be worthless. Orders the process manager
 * had not finished when the run stopped are in flight and left out of the per-order rules.
 */
export async function invariantsOf(pool: Pool): Promise<InvariantReport> {
  const store = new PostgresEventStore({ pool, codec: eventRegistry });
  try {
    return await checkInvariants(store, { processManagerAt: await processManagerCheckpoint(pool), graceMs: 60_000 });
  } finally {
    await store.close();
  }
}

export function invariantRow(target: string, report: InvariantReport): BenchResult {
  return thresholdResult(target, report.violations, 'violations', ['<=', 0]);
}

export function invariantNote(label: string, report: InvariantReport): string {
  const broken = report.results.filter((r) => r.violations > 0);
  const first = broken.map((r) => `${r.invariant} ${r.violations}, e.g. ${r.examples[0]!.streamId}: ${r.examples[0]!.detail}`);
  return (
    `domain invariants after the ${label}: ${report.events.toLocaleString('en-US')} events, ${report.orders.toLocaleString('en-US')} orders ` +
    `(${report.ordersInFlight.toLocaleString('en-US')} not finished by the process manager when it stopped, left out of the per-order rules); ` +
    (broken.length ? `BROKEN: ${first.join('; ')}` : 'none broken')
  );
}
