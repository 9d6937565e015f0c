import type { EventStore } from '../platform/event-store/event-store.port';
import type { Position } from '../platform/event-store/position';
import { projections as catalog } from '../projections/catalog';
import type { DeadLetters } from '../projections/runtime/dead-letters';
import type { Projection, TargetKind } from '../projections/runtime/projection';
import type { Generation, ProjectionRegistry, WorkerState } from '../projections/runtime/projection-registry';

/** Counting stops here: "at least a million behind" says enough on a status page and stays cheap. */
export const LAG_COUNT_CAP = 1_000_000;

export interface LiveStatus {
  generation: number;
  version: number;
  state: WorkerState;
  position: Position;
  /** Events after the position (at most LAG_COUNT_CAP); null where the event store cannot count cheaply. */
  lagEvents: number | null;
  /** How long the oldest event not yet applied has been waiting; 0 when caught up. */
  lagSeconds: number;
  lastEventAt: string | null;
  liveSince: string | null;
  /** Why the worker stopped, when it did. */
  error: string | null;
}

export interface BuildingStatus {
  generation: number;
  version: number;
  state: WorkerState;
  position: Position;
  eventsDone: number;
  eventsRemaining: number | null;
  /** Share of the events gone through, 0-100 with one decimal; null when the remainder is unknown. */
  percent: number | null;
}

export interface ProjectionStatus {
  name: string;
  kind: TargetKind;
  /** Version of the projection's code in this build (a live generation of another version is being replaced). */
  version: number;
  description: string | null;
  live: LiveStatus | null;
  building: BuildingStatus | null;
  deadLetters: { pending: number };
}

export interface StatusSources {
  registry: ProjectionRegistry;
  deadLetters: DeadLetters;
  eventStore: EventStore;
  /** Default: every read model in the catalogue. Projections found only in the registry are listed too. */
  projections?: Projection[];
  now?: () => Date;
}

async function lagOf(store: EventStore, position: Position, now: Date): Promise<{ lagEvents: number | null; lagSeconds: number }> {
  const [lagEvents, next] = await Promise.all([store.countEventsAfter?.(position, LAG_COUNT_CAP) ?? null, store.readAll({ after: position, maxCount: 1 })]);
  const waiting = next[0] ? (now.getTime() - Date.parse(next[0].metadata.recordedAt)) / 1000 : 0;
  return { lagEvents, lagSeconds: Math.max(0, Math.round(waiting * 10) / 10) };
}

async function liveStatus(store: EventStore, g: Generation, now: Date): Promise<LiveStatus> {
  return {
    generation: g.generation, version: g.version, state: g.state, position: g.position, ...(await lagOf(store, g.position, now)),
    lastEventAt: g.lastEventAt?.toISOString() ?? null, liveSince: g.liveSince?.toISOString() ?? null, error: g.error,
  };
}

async function buildingStatus(store: EventStore, g: Generation): Promise<BuildingStatus> {
  const remaining = (await store.countEventsAfter?.(g.position, LAG_COUNT_CAP)) ?? null;
  const total = remaining === null ? 0 : g.sequence + remaining;
  return {
    generation: g.generation, version: g.version, state: g.state, position: g.position, eventsDone: g.sequence, eventsRemaining: remaining,
    percent: remaining === null ? null : total === 0 ? 100 : Math.floor((1000 * g.sequence) / total) / 10,
  };
}

/**
 * Every projection with its live generation (position, lag in events and seconds), the
 * generation being rebuilt beside it if any, and its pending dead letters. Shared by
 * GET /projections and `commerce projections status`.
 */
export async function projectionStatus(sources: StatusSources): Promise<ProjectionStatus[]> {
  const { registry, deadLetters, eventStore } = sources;
  const now = sources.now?.() ?? new Date();
  const [generations, pending] = await Promise.all([registry.generations(), deadLetters.pendingCounts()]);
  const known = new Map((sources.projections ?? catalog).map((p) => [p.name, p]));
  const names = [...new Set([...known.keys(), ...generations.map((g) => g.projection)])];
  return Promise.all(
    names.map(async (name): Promise<ProjectionStatus> => {
      const mine = generations.filter((g) => g.projection === name);
      const live = mine.find((g) => g.phase === 'live');
      const building = mine.find((g) => g.phase === 'building');
      const code = known.get(name);
      const latest = mine.at(-1);
      return {
        name,
        kind: code?.kind ?? latest!.kind,
        version: code?.version ?? latest!.version,
        description: code?.description ?? null,
        live: live ? await liveStatus(eventStore, live, now) : null,
        building: building ? await buildingStatus(eventStore, building) : null,
        deadLetters: { pending: pending.get(name) ?? 0 },
      };
    }),
  );
}
