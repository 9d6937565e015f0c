import { randomUUID } from 'node:crypto';
import { eventRegistry, type DomainEvent, type DomainEventType, type EventData } from '../event-schemas';
import type { AppendResult, EventMetadata } from '../platform/event-store/event-store.port';
import { PostgresEventStore } from '../platform/event-store/postgres/postgres-event-store';
import type { Position } from '../platform/event-store/position';
import { createLogger } from '../platform/logger';
import { AdvisoryLease } from '../platform/processing/advisory-lease';
import type { DocumentStore } from '../platform/document-store/document-store.port';
import type { SearchStore } from '../platform/search/search-store.port';
import { Projector, defaultProjectorOptions, type ProjectorOptions } from '../projections/runtime/projector';
import type { Projection } from '../projections/runtime/projection';
import { ProjectionRegistry } from '../projections/runtime/projection-registry';
import { createTestDatabase, type TestDatabase } from './postgres';

export const log = createLogger('test', (process.env.TEST_LOG_LEVEL as 'warn') ?? 'warn');

export interface ProjectionTestbed {
  db: TestDatabase;
  store: PostgresEventStore<DomainEvent>;
  registry: ProjectionRegistry;
  documents?: DocumentStore;
  search?: SearchStore;
  projector(projections: Projection[], options?: Partial<ProjectorOptions>): Projector;
  append<T extends DomainEventType>(streamId: string, type: T, data: EventData<T>, meta?: Partial<EventMetadata> & { eventId?: string }): Promise<AppendResult>;
  /** Waits until the live generation of `projection` has applied `position`. */
  caughtUp(projection: string, position: Position, timeoutMs?: number): Promise<void>;
  /**
   * The position of this testbed's last append, once readers can see it. On Postgres an append is
   * visible only when every older transaction in the cluster has ended, and test files share one
   * cluster, so `headPosition()` alone can still be behind what this file appended.
   */
  settled(timeoutMs?: number): Promise<Position>;
  close(): Promise<void>;
}

export const fastOptions: ProjectorOptions = { ...defaultProjectorOptions, pollMs: 50, graceMs: 60_000, retryDelaysMs: [10, 20] };

/** A fresh database with the event store, the registry and (when given) document and search stores. */
export async function projectionTestbed(sinks: { documents?: (db: TestDatabase) => Promise<DocumentStore>; search?: (db: TestDatabase) => Promise<SearchStore> } = {}): Promise<ProjectionTestbed> {
  const db = await createTestDatabase('proj');
  await PostgresEventStore.migrate(db.pool);
  await ProjectionRegistry.migrate(db.pool);
  const store = new PostgresEventStore<DomainEvent>({ pool: db.pool, connectionString: db.url, codec: eventRegistry, log, pollIntervalMs: 50 });
  const registry = new ProjectionRegistry(db.pool);
  const documents = sinks.documents ? await sinks.documents(db) : undefined;
  const search = sinks.search ? await sinks.search(db) : undefined;
  const projectors: Projector[] = [];
  let last: Position | undefined;
  return {
    db, store, registry, documents, search,
    projector(projections, options = {}) {
      const projector = new Projector(
        { pool: db.pool, store, documents, search, log, lease: (name) => new AdvisoryLease(db.url, name, log, 50) },
        projections,
        { ...fastOptions, ...options },
      );
      projectors.push(projector);
      return projector;
    },
    async append(streamId, type, data, meta = {}) {
      const { eventId, ...metadata } = meta;
      const result = await store.append(
        streamId,
        [{
          eventId: eventId ?? randomUUID(), type, data,
          metadata: { correlationId: (data as { orderId?: string }).orderId ?? 'test', causationId: 'test', actor: { subject: 'tester', role: 'admin' }, occurredAt: new Date().toISOString(), ...metadata },
        } as never],
        'any',
      );
      if (!last || result.position > last) last = result.position;
      return result;
    },
    async settled(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const head = await store.headPosition();
        if (!last || head >= last) return last ?? head;
        if (Date.now() > deadline) throw new Error(`appends up to ${last} not visible after ${timeoutMs} ms (head ${head})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async caughtUp(projection, position, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const live = await registry.live(projection);
        if (live && live.position >= position) return;
        if (Date.now() > deadline) throw new Error(`${projection} did not reach ${position} (at ${live?.position ?? 'no live generation'})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      await Promise.all(projectors.map((p) => p.stop()));
      await store.close();
      await documents?.close();
      await search?.close();
      await db.drop();
    },
  };
}

/** Every row or document of one generation, in a stable order, for comparing a live model with a fresh rebuild. */
export async function contentsOf(
  sinks: { pool: import('pg').Pool; documents?: DocumentStore; search?: SearchStore },
  generation: { kind: string; target: string },
): Promise<unknown[]> {
  if (generation.kind === 'postgres') {
    return (await sinks.pool.query(`select * from read_models."${generation.target}" order by 1, 2`)).rows;
  }
  const out: unknown[] = [];
  let cursor: string | undefined;
  do {
    if (generation.kind === 'documents') {
      const page = await sinks.documents!.find(generation.target, { limit: 500, cursor });
      out.push(...page.items.map((d) => ({ id: d.id, data: d.data })));
      cursor = page.next;
    } else {
      await sinks.search!.refresh(generation.target);
      const page = await sinks.search!.search(generation.target, { limit: 100, cursor });
      out.push(...page.hits.map((d) => ({ id: d.id, data: d.data })));
      cursor = page.next;
    }
  } while (cursor);
  return out;
}
