import type { PoolClient } from 'pg';
import type { DomainEventType } from '../../event-schemas';
import { UnknownEventTypeError } from '../../event-schemas/errors';
import { eventRegistry } from '../../event-schemas/registry';
import type { ProjectedEvent } from '../runtime/projection';

export type { ProjectedEvent };

/**
 * What a replay handler is given besides the event. The transaction covers the whole batch and
 * the replay's checkpoint, and its search_path is the scratch schema, so unqualified table names
 * are the analyst's own tables.
 */
export interface ReplayContext {
  /** The batch's transaction: `await sql.query('insert into … values ($1)', [value])`. */
  sql: PoolClient;
  /** The scratch schema, quoted for SQL, e.g. "replay_orders_per_sku". */
  schema: string;
}

export type ReplayHandlers = {
  [T in DomainEventType]?: (event: ProjectedEvent<T>, ctx: ReplayContext) => Promise<void>;
};

/**
 * An analyst's own projection for `commerce replay`. The same shape as a built-in Postgres read
 * model (projections/runtime/projection.ts), without the name and version the projector needs:
 * the name is given with `--into`, and a replay is rebuilt with `--reset` instead of by version.
 */
export interface ReplayProjection {
  /** One line shown when the replay starts. */
  description?: string;
  /** DDL creating the tables (and indexes) in the scratch schema; runs once, before the first event. */
  createTables(schema: string): string;
  /** One handler per event type, given each event in global order. */
  handlers?: ReplayHandlers;
  /** Or the whole batch at once (only the events of the types listed): fold in memory, write set-based. */
  batch?: {
    handles: readonly DomainEventType[];
    apply(events: ProjectedEvent[], ctx: ReplayContext): Promise<void>;
  };
}

/** Gives an analyst's module its types (handlers see fully typed events); returns its argument. */
export function defineReplay(projection: ReplayProjection): ReplayProjection {
  return projection;
}

export class InvalidReplayProjectionError extends Error {
  readonly code = 'INVALID_REPLAY_PROJECTION';
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}. A replay module's default export is defineReplay({ createTables(schema), handlers: { OrderPlaced: async (event, { sql }) => … } }) (see projections/replay/README.md)`);
    this.name = 'InvalidReplayProjectionError';
  }
}

/** The event types the projection handles. */
export function replayedTypes(projection: ReplayProjection): Set<string> {
  return new Set(projection.batch ? projection.batch.handles : Object.keys(projection.handlers ?? {}));
}

/** Checks a loaded module's shape before anything is created, so a typo fails with its name. */
export function assertReplayProjection(value: unknown, source: string): asserts value is ReplayProjection {
  const fail = (problem: string): never => {
    throw new InvalidReplayProjectionError(source, problem);
  };
  if (typeof value !== 'object' || value === null) fail(`exports ${value === null ? 'null' : typeof value}, not a projection`);
  const p = value as Record<string, unknown>;
  if (typeof p.createTables !== 'function') fail('createTables(schema) is missing or not a function');
  if (Boolean(p.handlers) === Boolean(p.batch)) fail('declare either handlers (per event) or batch, not both and not neither');
  if (p.handlers !== undefined) {
    if (typeof p.handlers !== 'object' || p.handlers === null) fail('handlers must be an object of event type → async function');
    for (const [type, handler] of Object.entries(p.handlers as object)) {
      if (typeof handler !== 'function') fail(`handlers.${type} is not a function`);
    }
  }
  if (p.batch !== undefined) {
    const batch = p.batch as { handles?: unknown; apply?: unknown };
    if (!Array.isArray(batch.handles) || typeof batch.apply !== 'function') fail('batch needs handles (an array of event types) and apply(events, ctx)');
  }
  const types = replayedTypes(value as ReplayProjection);
  if (types.size === 0) fail('handles no event type');
  for (const type of types) {
    if (!eventRegistry.has(type)) fail(`handles ${JSON.stringify(type)}, which is no event type. ${new UnknownEventTypeError(type, eventRegistry.types()).hint}`);
  }
}
