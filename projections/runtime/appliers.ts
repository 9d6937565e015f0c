import type { Pool } from 'pg';
import type { Position } from '../../platform/event-store/position';
import type { KeyedDocument, KeyedDocumentSink } from '../../platform/read-models/keyed-documents.port';
import { handledTypes, type KeyedProjection, type PostgresContext, type PostgresProjection, type ProjectedEvent } from './projection';
import { PROGRESS_CHANNEL, tableNames, type Generation, type ProjectionRegistry } from './projection-registry';

export interface Checkpoint {
  position: Position;
  sequence: number;
}

/**
 * Writes one generation of a projection to its target store. `apply` is all-or-nothing per call
 * as far as the checkpoint goes: the checkpoint only moves once every write of the batch is done.
 * `sequence` of the batch's first event is `from.sequence + 1`.
 */
export interface Applier {
  ensureTarget(): Promise<void>;
  loadCheckpoint(): Promise<Checkpoint>;
  /** `announce`: also tell waiting readers (NOTIFY on PROGRESS_CHANNEL) once the checkpoint is written. */
  apply(batch: ProjectedEvent[], from: Checkpoint, announce?: boolean): Promise<Checkpoint>;
  /** Moves the checkpoint past events without applying them (a skipped dead letter). */
  skip(to: Checkpoint, lastEventAt: Date): Promise<void>;
  /**
   * Moves the checkpoint back to `to` (an operator's reset), so the events after it are delivered
   * again; guarded writes ignore what the target already has. Only while no worker runs the generation.
   */
  rewind(to: Position): Promise<Checkpoint>;
  dropTarget(): Promise<void>;
}

const recordedAt = (event: ProjectedEvent) => new Date(event.metadata.recordedAt);

/** Postgres targets: the batch's writes and the checkpoint commit in one transaction. */
export class PostgresApplier implements Applier {
  private readonly names: ReturnType<typeof tableNames>;
  private readonly handles: Set<string>;

  constructor(
    private readonly pool: Pool,
    private readonly registry: ProjectionRegistry,
    private readonly projection: PostgresProjection,
    private readonly generation: Generation,
  ) {
    this.names = tableNames(generation.target);
    this.handles = handledTypes(projection);
  }

  async ensureTarget(): Promise<void> {
    const { rows } = await this.pool.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [this.names.table]);
    if (!rows[0]!.exists) await this.pool.query(this.projection.createTable(this.names));
  }

  async loadCheckpoint(): Promise<Checkpoint> {
    const g = await this.registry.generation(this.generation.projection, this.generation.generation);
    if (!g) throw new Error(`Generation ${this.generation.generation} of ${this.generation.projection} no longer exists`);
    return { position: g.position, sequence: g.sequence };
  }

  async apply(batch: ProjectedEvent[], from: Checkpoint, announce = false): Promise<Checkpoint> {
    const last = batch.at(-1);
    if (!last) return from;
    const to = { position: last.position, sequence: from.sequence + batch.length };
    const sql = await this.pool.connect();
    try {
      // Asynchronous commit: the commit returns without waiting for the WAL to reach the disk (a
      // flush per batch was most of a rebuild's idle time). Safe here: a crash of Postgres can lose
      // only the last few hundred milliseconds of batches, each whole, writes and checkpoint
      // together, and the worker applies those events again from the checkpoint that survived.
      // Nothing outside the read model depends on them (the event store is the source of truth).
      await sql.query('begin; set local synchronous_commit = off');
      const ctx: PostgresContext = { sql, table: this.names.table, side: this.names.side };
      const { batch: whole, handlers } = this.projection;
      if (whole) {
        const handled = batch.filter((e) => this.handles.has(e.type));
        if (handled.length) await whole.apply(handled, ctx);
      } else {
        for (const event of batch) {
          const handler = handlers?.[event.type] as ((e: ProjectedEvent, ctx: PostgresContext) => Promise<void>) | undefined;
          if (handler) await handler(event, ctx);
        }
      }
      // The checkpoint, the notification and the commit in one round trip. NOTIFY inside the
      // transaction is sent on commit, which here does not wait for the disk; on its own it would
      // be a transaction of its own, one that does wait (a NOTIFY takes a transaction id).
      await sql.query(
        `${this.registry.savePositionSql(sql, this.generation, to.position, to.sequence, recordedAt(last))};` +
          `${announce ? ` select pg_notify(${sql.escapeLiteral(PROGRESS_CHANNEL)}, ${sql.escapeLiteral(this.generation.projection)});` : ''} commit`,
      );
      return to;
    } catch (error) {
      await sql.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      sql.release();
    }
  }

  async skip(to: Checkpoint, lastEventAt: Date): Promise<void> {
    await this.registry.savePosition(this.pool, this.generation, to.position, to.sequence, lastEventAt);
  }

  async rewind(to: Position): Promise<Checkpoint> {
    const current = await this.loadCheckpoint();
    await this.registry.rewind(this.generation, to, current.sequence);
    return { position: to, sequence: current.sequence };
  }

  async dropTarget(): Promise<void> {
    // The main table and its side tables (<target>__<suffix>).
    const { rows } = await this.pool.query<{ name: string }>(
      `select tablename as name from pg_tables where schemaname = 'read_models' and (tablename = $1 or starts_with(tablename, $1 || '__'))`,
      [this.generation.target],
    );
    for (const { name } of rows) await this.pool.query(`drop table if exists read_models."${name}" cascade`);
  }
}

/**
 * Document and search targets: no transaction spans the store, so every document carries the
 * position of the last event applied to it, and an event at or before that position is not
 * applied again. The checkpoint (in the target store, mirrored to the registry for status and
 * read-your-writes waits) moves after the documents are written.
 */
export class KeyedApplier<Spec> implements Applier {
  constructor(
    private readonly sink: KeyedDocumentSink<unknown, Spec>,
    private readonly registry: ProjectionRegistry,
    private readonly projection: KeyedProjection & { spec: Spec },
    private readonly generation: Generation,
  ) {}

  ensureTarget(): Promise<void> {
    return this.sink.ensureTarget(this.generation.target, this.projection.spec);
  }

  /**
   * The target's own checkpoint is written first and normally wins; the registry's wins when its
   * sequence is higher, which only a rewind produces (the target's checkpoint only moves forward).
   */
  async loadCheckpoint(): Promise<Checkpoint> {
    const [stored, g] = await Promise.all([this.sink.loadCheckpoint(this.generation.target), this.registry.generation(this.generation.projection, this.generation.generation)]);
    const registered = g ? { position: g.position, sequence: g.sequence } : { position: this.generation.position, sequence: this.generation.sequence };
    return stored && stored.sequence >= registered.sequence ? stored : registered;
  }

  async apply(batch: ProjectedEvent[], from: Checkpoint, announce = false): Promise<Checkpoint> {
    const last = batch.at(-1);
    if (!last) return from;
    const touched = new Map<string, { event: ProjectedEvent; sequence: number }[]>();
    batch.forEach((event, i) => {
      const handler = this.handler(event);
      if (!handler) return;
      const ids = handler.ids(event);
      for (const id of new Set(ids === undefined ? [] : Array.isArray(ids) ? ids : [ids])) {
        const list = touched.get(id) ?? [];
        list.push({ event, sequence: from.sequence + i + 1 });
        touched.set(id, list);
      }
    });
    const stored = touched.size ? await this.sink.getMany(this.generation.target, [...touched.keys()]) : new Map<string, KeyedDocument>();
    const writes: KeyedDocument[] = [];
    for (const [id, events] of touched) {
      const before = stored.get(id);
      let data: unknown = before?.data ?? null;
      let applied: { event: ProjectedEvent; sequence: number } | undefined;
      for (const item of events) {
        if (before && item.event.position <= before.position) continue; // applied before a crash or redelivery
        data = this.handler(item.event)!.apply(data, item.event);
        applied = item;
      }
      if (applied && data !== null) writes.push({ id, position: applied.event.position, sequence: applied.sequence, data });
    }
    if (writes.length) await this.sink.putMany(this.generation.target, writes);
    const to = { position: last.position, sequence: from.sequence + batch.length };
    await this.sink.saveCheckpoint(this.generation.target, to);
    await this.registry.savePosition(this.registry.pool, this.generation, to.position, to.sequence, recordedAt(last));
    if (announce) await this.registry.notifyProgress(this.generation.projection).catch(() => undefined);
    return to;
  }

  async skip(to: Checkpoint, lastEventAt: Date): Promise<void> {
    await this.sink.saveCheckpoint(this.generation.target, to);
    await this.registry.savePosition(this.registry.pool, this.generation, to.position, to.sequence, lastEventAt);
  }

  /**
   * Recorded in the registry with the next sequence, so loadCheckpoint prefers it; sequences keep
   * growing through the replay, as Elasticsearch's external versions of re-written documents must.
   */
  async rewind(to: Position): Promise<Checkpoint> {
    const current = await this.loadCheckpoint();
    const sequence = current.sequence + 1;
    await this.registry.rewind(this.generation, to, sequence);
    return { position: to, sequence };
  }

  dropTarget(): Promise<void> {
    return this.sink.dropTarget(this.generation.target);
  }

  private handler(event: ProjectedEvent) {
    return this.projection.handlers[event.type] as
      | { ids(e: ProjectedEvent): string | string[] | undefined; apply(doc: unknown, e: ProjectedEvent): unknown }
      | undefined;
  }
}
