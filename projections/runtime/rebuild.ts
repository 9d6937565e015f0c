import { Position } from '../../platform/event-store/position';
import type { EventStore } from '../../platform/event-store/event-store.port';
import type { Projection } from './projection';
import type { Projector } from './projector';

export interface RebuildProgress {
  generation: number;
  /** Events the new generation has gone through. */
  done: number;
  /** Events still ahead of it (at least; capped when far behind). */
  remaining: number;
}

export interface RebuildResult {
  generation: number;
  events: number;
  seconds: number;
  /** False when the rebuild was interrupted; running it again resumes from where it stopped. */
  completed: boolean;
}

/**
 * Builds the next generation of a projection from the first event beside the live one, and
 * returns once readers have switched to it. Whoever holds the generation's lease does the work:
 * this process, or a projector role that picked the build up; either way progress is read from
 * the registry, so the caller sees it. A killed rebuild leaves the generation in 'building' with
 * its checkpoint, and the next call continues it.
 */
export async function rebuild(
  projector: Projector,
  store: EventStore,
  projection: Projection,
  options: { signal?: AbortSignal; onProgress?: (p: RebuildProgress) => void; intervalMs?: number } = {},
): Promise<RebuildResult> {
  const started = Date.now();
  const generation = await projector.registry.addGeneration(projection);
  const abort = new AbortController();
  options.signal?.addEventListener('abort', () => abort.abort(), { once: true });
  // A first generation is live from the start: it is done once caught up, with nothing to switch.
  const worker = projector.runGeneration(generation, abort.signal);
  let completed = false;
  let last = { sequence: 0 };
  // The history is counted once; while far from the end, what remains is that count minus what is
  // done. Only near the end (or once live) is the remainder counted exactly: counting millions of
  // events on every poll would compete with the rebuild it reports on.
  const total = (await store.countEventsAfter?.(Position.START, 10_000_000)) ?? 0;
  try {
    while (!abort.signal.aborted) {
      const g = await projector.registry.generation(projection.name, generation.generation);
      if (!g || g.phase === 'retired' || g.phase === 'dropped') throw new Error(`Generation ${generation.generation} of ${projection.name} was retired while rebuilding`);
      if (g.state === 'stopped') throw new Error(`Rebuild of ${projection.name} stopped on a dead letter: ${g.error ?? 'see commerce projections status'}`);
      if (g.state === 'paused') {
        throw new Error(`Rebuild of ${projection.name} (generation ${g.generation}) was paused by an operator: resume it with commerce projections resume ${projection.name}; a running projector then carries on, or run the rebuild again`);
      }
      last = g;
      let remaining = Math.max(total - g.sequence, 0);
      if (remaining === 0 || g.phase === 'live') remaining = (await store.countEventsAfter?.(g.position, 10_000_000)) ?? 0;
      options.onProgress?.({ generation: g.generation, done: g.sequence, remaining });
      if (g.phase === 'live' && remaining === 0) {
        completed = true;
        break;
      }
      await new Promise<void>((resolve) => {
        // The listener goes when the pause ends either way: one per pause would pile up on a long rebuild.
        const onAbort = () => (clearTimeout(t), resolve());
        const t = setTimeout(() => (abort.signal.removeEventListener('abort', onAbort), resolve()), options.intervalMs ?? 500);
        abort.signal.addEventListener('abort', onAbort, { once: true });
      });
    }
  } finally {
    abort.abort();
    await worker;
  }
  return { generation: generation.generation, events: last.sequence, seconds: (Date.now() - started) / 1000, completed };
}
