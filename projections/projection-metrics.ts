import { Gauge } from 'prom-client';
import type { EventStore } from '../platform/event-store/event-store.port';
import type { Position } from '../platform/event-store/position';
import { metricsRegistry, projectionHandlerDuration } from '../platform/observability/metrics';
import { inSpan, linksTo } from '../platform/observability/tracing';
import type { DeadLetters } from './runtime/dead-letters';
import type { ProjectedEvent } from './runtime/projection';
import type { ProjectionRegistry } from './runtime/projection-registry';

/** Counting stops here: beyond it the alert has long fired, and counting further costs a scan. */
const LAG_COUNT_CAP = 1_000_000;
/** Prometheus scrapes every role every 15-30 s; one snapshot serves the four gauges of one scrape. */
const SNAPSHOT_TTL_MS = 1000;

export interface ProjectionMetricsSources {
  registry: ProjectionRegistry;
  deadLetters: DeadLetters;
  eventStore: EventStore;
  /** The read models this process projects. */
  projections: string[];
}

interface Row {
  projection: string;
  position: number;
  lagEvents: number | undefined;
  lagSeconds: number;
  deadLetters: number;
}

const sources = new Set<ProjectionMetricsSources>();
let cached: { at: number; rows: Promise<Row[]> } | undefined;

async function lagOf(store: EventStore, after: Position, now: number): Promise<{ lagEvents: number | undefined; lagSeconds: number }> {
  const [count, next] = await Promise.all([store.countEventsAfter?.(after, LAG_COUNT_CAP), store.readAll({ after, maxCount: 1 })]);
  const oldest = next[0] ? Date.parse(next[0].metadata.recordedAt) : now;
  return { lagEvents: count ?? (next.length === 0 ? 0 : undefined), lagSeconds: Math.max(0, (now - oldest) / 1000) };
}

async function rowsOf(source: ProjectionMetricsSources): Promise<Row[]> {
  const now = Date.now();
  const [generations, pending] = await Promise.all([source.registry.generations(), source.deadLetters.pendingCounts()]);
  const live = generations.filter((g) => g.phase === 'live' && source.projections.includes(g.projection));
  return Promise.all(
    live.map(async (g) => ({ projection: g.projection, position: g.sequence, deadLetters: pending.get(g.projection) ?? 0, ...(await lagOf(source.eventStore, g.position, now)) })),
  );
}

/** The live generations' numbers, read from the registry and the store when Prometheus scrapes. */
function snapshot(): Promise<Row[]> {
  if (cached && Date.now() - cached.at < SNAPSHOT_TTL_MS) return cached.rows;
  const rows = Promise.all([...sources].map(rowsOf)).then((all) => all.flat());
  cached = { at: Date.now(), rows };
  // A failed read is not kept: the next scrape tries again.
  rows.catch(() => (cached = undefined));
  return rows;
}

function gauge(name: string, help: string, value: (row: Row) => number | undefined): Gauge<'projection'> {
  return new Gauge({
    name,
    help,
    labelNames: ['projection'] as const,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      if (sources.size === 0) return;
      for (const row of await snapshot()) {
        const v = value(row);
        if (v !== undefined) this.set({ projection: row.projection }, v);
      }
    },
  });
}

gauge('commerce_projection_position', 'events the live generation of a read model has applied (its sequence; store positions are opaque tokens)', (r) => r.position);
gauge('commerce_projection_lag_events', 'events in the store after the projection position (counted up to a million)', (r) => r.lagEvents);
gauge('commerce_projection_lag_seconds', 'age of the oldest event the projection has not applied yet (0 when caught up)', (r) => r.lagSeconds);
gauge('commerce_projection_dead_letters', 'dead letters recorded for the projection and not yet resolved', (r) => r.deadLetters);

/** Exports the projection gauges for these read models until the returned function is called. */
export function exportProjectionMetrics(source: ProjectionMetricsSources): () => void {
  sources.add(source);
  cached = undefined;
  return () => {
    sources.delete(source);
    cached = undefined;
  };
}

/**
 * Applies one batch, timed per projection, in a span linked to the traces of the batch's events:
 * a batch mixes events of many requests, so it cannot have one parent (the process manager, which
 * handles one event at a time, continues the event's trace instead).
 */
export function observeBatch<T>(projection: string, batch: ProjectedEvent[], apply: () => Promise<T>): Promise<T> {
  const end = projectionHandlerDuration.startTimer({ projection });
  return inSpan(`projection ${projection}`, { links: linksTo(batch.map((e) => e.metadata.traceparent)), attributes: { 'commerce.projection': projection, 'commerce.events': batch.length } }, apply).finally(() => end());
}
