import type { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import type { Position } from '../../platform/event-store/position';
import type { ProjectedEvent } from '../runtime/projection';
import { replayedTypes, type ReplayContext, type ReplayProjection } from './replay-projection';
import { ReplaySchema, ReplayTargetError, type ReplayCheckpoint } from './replay-schema';

export interface ReplayOptions {
  /** Where the scratch schema lives: the platform's Postgres, never its read_models schema. */
  pool: Pool;
  eventStore: EventStore;
  projection: ReplayProjection;
  /** `--into`: the schema is replay_<name>. */
  name: string;
  /** The module's path and content digest, kept with the checkpoint to notice a different module. */
  module: { path: string; digest: string };
  reset?: boolean;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { events: number; position: Position }) => void;
  /** Things worth telling the analyst that do not stop the replay. */
  onNotice?: (message: string) => void;
}

export interface ReplayResult {
  schema: string;
  /** Where the replay started this time (Position.START on a fresh schema). */
  resumedFrom: Position;
  thisRun: number;
  /** Events replayed into the schema over all runs, handled or not. */
  events: number;
  position: Position;
  lastRecordedAt: Date | null;
  interrupted: boolean;
  seconds: number;
  tables: string[];
}

/** A handler threw: the batch it was in was rolled back, and the checkpoint stays before it. */
export class ReplayHandlerError extends Error {
  readonly code = 'REPLAY_HANDLER_FAILED';
  constructor(
    /** What failed: the event for a per-event handler, the range of a whole-batch apply. */
    readonly failedOn: string,
    readonly checkpoint: Position,
    cause: unknown,
  ) {
    super(
      `The projection failed on ${failedOn}: ${(cause as Error)?.message ?? String(cause)}. ` +
        `Its batch was rolled back; the replay stands at position ${checkpoint}: fix the module and run again to continue`,
      { cause },
    );
    this.name = 'ReplayHandlerError';
  }
}

const DEFAULT_BATCH_SIZE = 500;

/**
 * Replays the history through an analyst's projection into replay_<name>, continuing from the
 * schema's checkpoint. Each batch's writes and the checkpoint commit in one transaction, so an
 * interrupted or failed run loses nothing and applies nothing twice. Stops at the head of the
 * store as it was when the run started. Nothing outside the scratch schema is written.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const started = Date.now();
  const target = new ReplaySchema(options.pool, options.name);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const lock = await options.pool.connect();
  try {
    // Two runs into one schema would each apply the same events; the lock ends with its connection.
    const { rows } = await lock.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [`commerce:replay:${target.schema}`]);
    if (!rows[0]!.locked) throw new ReplayTargetError(`Another commerce replay into ${target.schema} is running; wait for it or stop it first`);
    if (options.reset) await target.drop();
    const checkpoint = await openCheckpoint(target, options);
    const head = await options.eventStore.headPosition();
    const handles = replayedTypes(options.projection);
    const resumedFrom = checkpoint.position;
    let thisRun = 0;
    const read = (after: Position) => options.eventStore.readAll({ after, maxCount: batchSize });
    let pending: Promise<RecordedEvent[]> | undefined = checkpoint.position < head ? read(checkpoint.position) : undefined;
    while (pending && !options.signal?.aborted) {
      const batch = (await pending).filter((e) => e.position <= head);
      pending = undefined;
      const last = batch.at(-1);
      if (!last) break;
      if (last.position < head) {
        pending = read(last.position);
        pending.catch(() => undefined); // surfaces when awaited; a failing batch must not make it unhandled
      }
      const next = { position: last.position, events: checkpoint.events + batch.length, lastRecordedAt: new Date(last.metadata.recordedAt) };
      await target.inTransaction(async (sql) => {
        const ctx: ReplayContext = { sql, schema: target.quoted };
        await applyBatch(options.projection, batch.filter((e) => handles.has(e.type)) as ProjectedEvent[], ctx, checkpoint.position);
        await target.saveCheckpoint(sql, next);
      });
      Object.assign(checkpoint, next);
      thisRun += batch.length;
      options.onProgress?.({ events: checkpoint.events, position: checkpoint.position });
    }
    return {
      schema: target.schema,
      resumedFrom,
      thisRun,
      events: checkpoint.events,
      position: checkpoint.position,
      lastRecordedAt: checkpoint.lastRecordedAt,
      interrupted: pending !== undefined, // only an abort leaves the loop with a read still to do
      seconds: (Date.now() - started) / 1000,
      tables: await target.tables(),
    };
  } finally {
    await lock.query('select pg_advisory_unlock_all()').catch(() => undefined);
    lock.release();
  }
}

async function openCheckpoint(target: ReplaySchema, options: ReplayOptions): Promise<ReplayCheckpoint> {
  const existing = await target.checkpoint();
  if (!existing) return target.create(options.projection, options.module.path, options.module.digest);
  if (existing.module !== options.module.path) {
    throw new ReplayTargetError(
      `${target.schema} was built by ${existing.module}, not ${options.module.path}: pass --reset to rebuild it with the new module, or choose another --into`,
    );
  }
  if (existing.moduleDigest !== options.module.digest) {
    options.onNotice?.(
      `${options.module.path} changed since ${target.schema} was started: events up to ${existing.position} were replayed by the earlier version; pass --reset to replay everything with this one`,
    );
    await target.recordModule(options.module.digest);
  }
  return existing;
}

async function applyBatch(projection: ReplayProjection, events: ProjectedEvent[], ctx: ReplayContext, checkpoint: Position): Promise<void> {
  if (events.length === 0) return;
  if (projection.batch) {
    try {
      await projection.batch.apply(events, ctx);
    } catch (error) {
      throw new ReplayHandlerError(`batch.apply of ${events.length} events at positions ${events[0]!.position} to ${events.at(-1)!.position}`, checkpoint, error);
    }
    return;
  }
  for (const event of events) {
    const handler = projection.handlers?.[event.type] as ((e: ProjectedEvent, ctx: ReplayContext) => Promise<void>) | undefined;
    try {
      await handler?.(event, ctx);
    } catch (error) {
      throw new ReplayHandlerError(`${event.type} at position ${event.position} (stream ${event.streamId}, revision ${event.revision})`, checkpoint, error);
    }
  }
}
