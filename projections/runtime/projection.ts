import type { PoolClient } from 'pg';
import type { DomainEvent, DomainEventType } from '../../event-schemas';
import type { RecordedEvent } from '../../platform/event-store/event-store.port';
import type { CollectionSpec } from '../../platform/document-store/document-store.port';
import type { IndexSpec } from '../../platform/search/search-store.port';

/** A decoded, current-version event as projections see it. */
export type ProjectedEvent<T extends DomainEventType = DomainEventType> = RecordedEvent<Extract<DomainEvent, { type: T }>>;

/** Where a projection's read model lives. */
export type TargetKind = 'postgres' | 'documents' | 'search';

interface ProjectionBase<K extends TargetKind> {
  /** Stable name: the read model's name in queries, status pages and the CLI (snake_case). */
  name: string;
  /**
   * Version of the projection's logic. Bumping it makes the projector build a new generation
   * from the first event beside the live one, and switch readers over once it has caught up.
   */
  version: number;
  kind: K;
  /** One line for operators: what the read model answers. */
  description: string;
  /**
   * Once live, how long (ms) a batch waits after its first event for more to arrive before it is
   * applied; 0 (the default) applies whatever has arrived at once. Worth it where each write costs
   * per document, not per event: a document touched by several events in quick succession (an
   * order's timeline as the order goes through fulfilment) is then written once instead of once per
   * event. Readers waiting with X-Min-Position on this model wait up to this much longer.
   * PROJECTION_LINGER_MS overrides it per projection.
   */
  lingerMs?: number;
}

export interface PostgresContext {
  /** The transaction the runtime opened for the batch; the checkpoint commits with it. */
  sql: PoolClient;
  /** Quoted, schema-qualified physical table of the generation being written, e.g. read_models."order_summary_g2". */
  table: string;
  /** A helper table of the same generation, e.g. side('orders') → read_models."sales_by_day_g2__orders". */
  side(suffix: string): string;
}

export interface TableNames {
  table: string;
  side(suffix: string): string;
  /** Unquoted physical name, for naming indexes. */
  prefix: string;
}

export type PostgresHandlers = {
  [T in DomainEventType]?: (event: ProjectedEvent<T>, ctx: PostgresContext) => Promise<void>;
};

/**
 * A relational read model. Writes happen in the runtime's transaction together with the
 * checkpoint, so an event is applied exactly once even when it is delivered again.
 */
export interface PostgresProjection extends ProjectionBase<'postgres'> {
  /** DDL creating the physical table, its indexes and any side tables under the given names. */
  createTable(names: TableNames): string;
  /** One handler per event type: simple, one statement per event. */
  handlers?: PostgresHandlers;
  /**
   * Or the whole batch at once (only the events of the types listed), for read models that must
   * rebuild fast: fold the batch in memory and write it with a few set-based statements.
   */
  batch?: {
    handles: readonly DomainEventType[];
    apply(events: ProjectedEvent[], ctx: PostgresContext): Promise<void>;
  };
}

/** Which documents an event touches (none: undefined or []), and how it changes one. */
export type DocumentHandlers<D> = {
  [T in DomainEventType]?: {
    ids(event: ProjectedEvent<T>): string | string[] | undefined;
    /** Pure: the document before (null when new) → after; null leaves a missing document missing. */
    apply(doc: D | null, event: ProjectedEvent<T>): D | null;
  };
};

/**
 * A keyed-document read model (MongoDB or Elasticsearch; their embedded stand-ins). The runtime
 * loads the documents a batch touches, folds the events in memory, and writes each document once,
 * guarded by the position of the last event applied to it.
 */
export interface DocumentProjection<D = unknown> extends ProjectionBase<'documents'> {
  spec: CollectionSpec;
  handlers: DocumentHandlers<D>;
}

export interface SearchProjection<D = unknown> extends ProjectionBase<'search'> {
  spec: IndexSpec;
  handlers: DocumentHandlers<D>;
}

// Handlers are declared with method syntax so a DocumentProjection<OrderTimeline> is a DocumentProjection<unknown>.
export type KeyedProjection = DocumentProjection<unknown> | SearchProjection<unknown>;
export type Projection = PostgresProjection | KeyedProjection;

export function handledTypes(projection: Projection): Set<string> {
  if (projection.kind === 'postgres' && projection.batch) return new Set(projection.batch.handles);
  return new Set(Object.keys(projection.handlers ?? {}));
}

const NAME = /^[a-z][a-z0-9_]{0,40}$/;

/** Checks a projection's declaration once, at start-up, so a typo fails loudly and early. */
export function assertValidProjection(projection: Projection): void {
  if (!NAME.test(projection.name)) throw new Error(`Projection name ${JSON.stringify(projection.name)} must be snake_case, at most 41 characters`);
  if (!Number.isInteger(projection.version) || projection.version < 1) throw new Error(`Projection ${projection.name}: version must be a positive integer`);
  if (handledTypes(projection).size === 0) throw new Error(`Projection ${projection.name} handles no events`);
  if (projection.kind === 'postgres' && Boolean(projection.batch) === Boolean(projection.handlers)) {
    throw new Error(`Projection ${projection.name}: declare either handlers (per event) or batch, not both`);
  }
}
