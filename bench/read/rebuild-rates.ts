import type { EventStore } from '../../platform/event-store/event-store.port';
import type { Position } from '../../platform/event-store/position';
import type { ReadSide } from '../../projections/read-side';
import { rebuild } from '../../projections/runtime/rebuild';
import { progress } from '../lib/timed';
import type { CpuSample } from '../write/cpu';
import { countAfter } from './positions';

export interface RebuildRate {
  name: string;
  kind: string;
  /** Events the generation went through: every event of the log, handled by the model or not. */
  events: number;
  seconds: number;
  perSecond: number;
  completed: boolean;
  /** The generation's physical target, e.g. order_summary_g1. */
  target: string;
  /** CPU seconds per process group over the rebuild. */
  cpu: { before: CpuSample; after: CpuSample };
}

/**
 * Rebuilds one read model from the first event with the runtime's rebuild(), as
 * `commerce projections rebuild` does, in this process and with nothing else running against the
 * database. rebuild() polls the registry for progress and asks the store how many events remain;
 * that count comes from the positions loaded beforehand, so polling every 20 ms costs the database
 * one primary-key lookup and the end is seen within about 20 ms.
 */
export async function rebuildOne(readSide: ReadSide, name: string, positions: readonly Position[], cpu: () => CpuSample): Promise<RebuildRate> {
  const projector = readSide.createProjector([name]);
  const projection = projector.projections[0]!;
  const counter = { countEventsAfter: async (after: Position) => countAfter(positions, after) } as unknown as EventStore;
  let shown = Date.now();
  const before = cpu();
  const result = await rebuild(projector, counter, projection, {
    intervalMs: 20,
    onProgress: (p) => {
      if (Date.now() - shown < 3000) return;
      shown = Date.now();
      progress(`  ${name}: ${p.done.toLocaleString('en-US')} events, ${p.remaining.toLocaleString('en-US')} to go`);
    },
  });
  const after = cpu();
  const generation = await readSide.registry.generation(name, result.generation);
  return {
    name,
    kind: projection.kind,
    events: result.events,
    seconds: result.seconds,
    perSecond: result.events / result.seconds,
    completed: result.completed,
    target: generation?.target ?? `${name}_g${result.generation}`,
    cpu: { before, after },
  };
}

/** Where a rebuild's CPU went: ms per 1,000 events for each process group, and what else kept the machine busy. */
export function rebuildCpuNote(r: RebuildRate, cores: number): string {
  const { before, after } = r.cpu;
  const per = (k: string) => (((after[k]! - before[k]!) * 1000) / r.events) * 1000;
  const ours = Object.keys(after).filter((k) => k !== 'machine busy' && before[k] !== undefined);
  const busy = before['machine busy'] === undefined ? 0 : after['machine busy']! - before['machine busy']!;
  const mine = ours.reduce((a, k) => a + after[k]! - before[k]!, 0);
  const share = (s: number) => `${((s / (r.seconds * cores)) * 100).toFixed(0)}%`;
  return (
    `rebuild ${r.name}: ${r.events.toLocaleString('en-US')} events in ${r.seconds.toFixed(2)} s; CPU ms per 1,000 events: ${ours.map((k) => `${k} ${per(k).toFixed(0)}`).join(', ')}` +
    (before['machine busy'] === undefined ? '' : `; machine ${share(busy)} busy, ${share(busy - mine)} by other processes`)
  );
}
