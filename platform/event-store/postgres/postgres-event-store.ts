import type { Pool, PoolClient } from 'pg';
import { createLogger, type Logger } from '../../logger';
import { migrate } from '../../postgres/migrations';
import { CatchUpSubscription, type FetchBatch } from '../catch-up-subscription';
import { EventStoreUnavailableError, IdempotencyConflictError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  EventCodec,
  EventShape,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamHead,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { encodeForStorage } from '../hash-chain';
import { Position } from '../position';
import { rawCodec } from '../raw-codec';
import { assertExpectedRevision, assertNewEvents, assertReadStreamOptions, assertStreamId } from '../validation';
import { AppendBatcher, appendIn, type AppendRow, type EncodedAppend } from './append-batcher';
import { AppendNotifier } from './append-notifier';
import { batchedReads, EVENT_COLUMNS, type EventRow } from './batched-reads';
import { eventStoreMigrations } from './event-store.migrations';

export interface PostgresEventStoreOptions {
  pool: Pool;
  /** Needed for LISTEN (a dedicated connection); without it subscribers only poll. */
  connectionString?: string;
  codec?: EventCodec;
  pollIntervalMs?: number;
  /** Least time between two reads of a caught-up subscription (see CatchUpSubscription). */
  minReadIntervalMs?: number;
  /** Append calls running at once before further appends wait to go together (AppendBatcher). */
  maxAppendsInFlight?: number;
  log?: Logger;
}

const MIN_READ_INTERVAL_MS = 3;
const MAX_APPENDS_IN_FLIGHT = 4;

const EXPECTED_CODE: Record<string, number> = { any: -1, no_stream: -2, stream_exists: -3 };
const COLUMNS = EVENT_COLUMNS.join(', ');
const VISIBLE = 'tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint';
/** The columns a trusted subscriber reads: payload, metadata and hashes only for the types in `typesParam` (a text[] parameter). */
export const trustedColumns = (typesParam: string) =>
  `seq, tx_id, stream_id, revision, event_id, type, schema_version, recorded_at, ` +
  ['data', 'metadata', 'hash', 'previous_hash'].map((c) => `case when type = any(${typesParam}::text[]) then ${c} end as ${c}`).join(', ');
/**
 * "After position ($1, $2), at most $3 rows", for reads of the log that run many times a second.
 * The values go in through sub-selects so that no plan can see them. A prepared statement whose
 * parameters the planner sees gets custom plans for as long as they look cheaper than the generic
 * one, and for a read of the tail they always did: Postgres planned every such read again (about
 * 120 µs of planning for a 20 µs read, more than half of its CPU for a live subscriber). Behind
 * sub-selects every plan is the generic one, which Postgres keeps after five executions.
 */
const AFTER_POSITION = `(tx_id, seq) > ((select $1::bigint), (select $2::bigint)) and ${VISIBLE} order by tx_id, seq limit (select $3::int)`;
/** Reads for trusted subscribers, the wanted types in $4 (behind a sub-select too: a custom plan costs a short array lower). */
const TRUSTED_READ = `select ${trustedColumns('(select $4::text[])')} from eventstore.events where ${AFTER_POSITION}`;


/** Lets a caller append inside its own transaction, next to its own writes. */
export interface EventStoreTransaction<E extends EventShape> {
  client: PoolClient;
  append(streamId: string, events: NewEvent<E>[], expected: ExpectedRevision): Promise<AppendResult>;
}

export class PostgresEventStore<E extends EventShape = EventShape> implements EventStore<E> {
  readonly pool: Pool;
  private readonly codec: EventCodec;
  private readonly notifier: AppendNotifier;
  private readonly minReadIntervalMs: number;
  /** Every type a trusted subscriber of this store wants (it only grows: a handful of types at most). */
  private readonly trustedTypes = new Set<string>();
  private readonly trustedInFlight = new Map<string, { types: ReadonlySet<string>; rows: Promise<EventRow[]> }>();
  private trustedJoined = 0;
  private readonly batcher: AppendBatcher;
  private readonly reads: ReturnType<typeof batchedReads>;

  constructor(options: PostgresEventStoreOptions) {
    this.pool = options.pool;
    this.codec = options.codec ?? rawCodec;
    const log = options.log ?? createLogger('event-store');
    this.notifier = new AppendNotifier(this.pool, options.connectionString, options.pollIntervalMs ?? 500, log);
    this.minReadIntervalMs = options.minReadIntervalMs ?? MIN_READ_INTERVAL_MS;
    this.batcher = new AppendBatcher(this.pool, options.maxAppendsInFlight ?? MAX_APPENDS_IN_FLIGHT);
    this.reads = batchedReads(this.pool);
  }

  /** Creates or upgrades the schema; safe to call from every process at start. */
  static migrate(pool: Pool, log?: Logger): Promise<number[]> {
    return migrate(pool, 'event-store', eventStoreMigrations, log);
  }

  append(streamId: string, events: NewEvent<E>[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.appendOn(undefined, streamId, events, expected, true);
  }

  /**
   * Runs `work` in one transaction; appends made through the given handle commit or roll back
   * with the caller's own statements, and subscribers are woken after the commit.
   */
  async transaction<T>(work: (tx: EventStoreTransaction<E>) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const positions: Position[] = [];
    try {
      await client.query('begin');
      const result = await work({
        client,
        append: async (streamId, events, expected) => {
          const appended = await this.appendOn(client, streamId, events, expected, false);
          positions.push(appended.position);
          return appended;
        },
      });
      await client.query('commit');
      for (const position of positions) this.notifier.appended(position);
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** `db` is a caller's transaction, or undefined: then the append may share a call and a commit with others (AppendBatcher). */
  private async appendOn(db: PoolClient | undefined, streamId: string, events: NewEvent<E>[], expected: ExpectedRevision, notify: boolean): Promise<AppendResult> {
    assertStreamId(streamId);
    assertExpectedRevision(expected);
    assertNewEvents(events);
    const append: EncodedAppend = { streamId, expected: typeof expected === 'number' ? expected : EXPECTED_CODE[expected]!, ids: [], types: [], versions: [], data: [], metadata: [], digests: [] };
    for (const event of events) {
      const { schemaVersion, data } = this.codec.encode(event.type, event.data);
      const stored = encodeForStorage({ eventId: event.eventId, type: event.type, schemaVersion, data, metadata: event.metadata });
      append.ids.push(event.eventId);
      append.types.push(event.type);
      append.versions.push(schemaVersion);
      append.data.push(stored.dataJson);
      append.metadata.push(stored.metadataJson);
      append.digests.push(stored.digest);
    }
    let row: AppendRow;
    try {
      row = db ? await appendIn(db, append) : await this.batcher.submit(append);
    } catch (error) {
      throw this.translate(error, streamId, expected, events);
    }
    const position = Position.encode(BigInt(row.tx_id), BigInt(row.seq));
    if (notify && row.appended) this.notifier.appended(position);
    return { streamId, nextRevision: Number(row.next_revision), position, appended: row.appended };
  }

  private translate(error: unknown, streamId: string, expected: ExpectedRevision, events: NewEvent<E>[]): unknown {
    const pgError = error as { code?: string; detail?: string; constraint?: string };
    if (pgError.code === 'CE001') {
      const actual = Number(pgError.detail);
      return new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no_stream' : actual);
    }
    if (pgError.code === 'CE002') return new IdempotencyConflictError(streamId, events[0]!.eventId, `in stream ${pgError.detail} by a different batch`);
    if (pgError.code === '23505' && pgError.constraint === 'events_event_id_key') {
      return new IdempotencyConflictError(streamId, events.map((e) => e.eventId).join(', '), 'by another append');
    }
    if (pgError.code === undefined || /^(08|57P)/.test(pgError.code)) {
      return new EventStoreUnavailableError(`Postgres event store unavailable: ${(error as Error).message}`, { cause: error });
    }
    return error;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent<E>[]> {
    assertStreamId(streamId);
    assertReadStreamOptions(options);
    const backwards = options.direction === 'backwards';
    if (!backwards && options.toRevision === undefined && options.recordedAtOrBefore === undefined && options.maxCount === undefined) {
      const rows = await this.reads.streams.submit({ streamId, fromRevision: options.fromRevision ?? 0 });
      return rows.map((r) => this.toRecorded(r));
    }
    const where = ['stream_id = $1'];
    const values: unknown[] = [streamId];
    const add = (clause: string, value: unknown) => {
      values.push(value);
      where.push(clause.replace('?', `$${values.length}`));
    };
    if (options.fromRevision !== undefined) add(backwards ? 'revision <= ?' : 'revision >= ?', options.fromRevision);
    if (options.toRevision !== undefined) add(backwards ? 'revision >= ?' : 'revision <= ?', options.toRevision);
    if (options.recordedAtOrBefore) add('recorded_at <= ?', options.recordedAtOrBefore);
    let text = `select ${COLUMNS} from eventstore.events where ${where.join(' and ')} order by revision ${backwards ? 'desc' : 'asc'}`;
    if (options.maxCount !== undefined) {
      values.push(options.maxCount);
      text += ` limit $${values.length}`;
    }
    // Named, so each shape (a handful exist) is parsed and planned once per connection.
    const shape = [backwards, options.fromRevision, options.toRevision, options.recordedAtOrBefore, options.maxCount].map((o) => (o === undefined || o === false ? 0 : 1)).join('');
    const { rows } = await this.pool.query<EventRow>({ name: `eventstore_read_stream_${shape}`, text, values });
    return rows.map((r) => this.toRecorded(r));
  }

  async streamHead(streamId: string): Promise<StreamHead | null> {
    assertStreamId(streamId);
    const row = await this.reads.heads.submit(streamId);
    if (!row) return null;
    return { revision: Number(row.revision), hash: row.last_hash, position: Position.encode(BigInt(row.last_tx), BigInt(row.last_seq)) };
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent<E>[]> {
    return this.readAllAfter(options.after ?? Position.START, options.maxCount ?? 1000);
  }

  private async readAllAfter(after: Position, maxCount: number): Promise<RecordedEvent<E>[]> {
    const { high, low } = Position.decode(Position.parse(after));
    const { rows } = await this.pool.query<EventRow>({
      name: 'eventstore_read_all',
      text: `select ${COLUMNS} from eventstore.events where ${AFTER_POSITION}`,
      values: [String(high), String(low), maxCount],
    });
    return rows.map((r) => this.toRecorded(r));
  }

  async headPosition(): Promise<Position> {
    const { rows } = await this.pool.query<{ tx_id: string; seq: string }>(
      `select tx_id, seq from eventstore.events where ${VISIBLE} order by tx_id desc, seq desc limit 1`,
    );
    const row = rows[0];
    return row ? Position.encode(BigInt(row.tx_id), BigInt(row.seq)) : Position.START;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription<E> {
    if (options.after !== undefined) Position.parse(options.after);
    const fetch: FetchBatch<E> = options.trusted ? this.trustedReads(options.trusted.types) : (after, max) => this.readAllAfter(after, max);
    return new CatchUpSubscription<E>(fetch, this.notifier, options, { minReadIntervalMs: this.minReadIntervalMs });
  }

  /**
   * A trusted subscriber's reads (SubscribeOptions.trusted): the same rows in the same order, but
   * Postgres sends the payload, metadata and hashes only for the wanted types, so the others cost
   * neither JSON parsing nor decoding, and the wanted ones are decoded with decodeTrusted.
   */
  private trustedReads(types: readonly string[]): FetchBatch<E> {
    const wanted = new Set(types);
    for (const type of wanted) this.trustedTypes.add(type);
    return async (after, maxCount) => {
      const rows = await this.sharedTrustedRows(after, maxCount, wanted);
      return rows.map((r) => (wanted.has(r.type) ? this.toRecorded(r, true) : this.toEnvelope(r)));
    };
  }

  /**
   * The trusted subscribers of one process (a projector's read models) are woken by the same
   * append and, once caught up, read from the same position at the same moment: a read asked for
   * while the same read is under way joins it instead of sending its own. Each read fetches the
   * payloads of every type this process's trusted subscribers want, and each subscriber decodes
   * only its own types. Joining only a read still under way never hands out an older answer than
   * a read of its own could have given, so no wake-up is missed. (Subscribers may share payload
   * objects: events are read-only to them.)
   */
  private sharedTrustedRows(after: Position, maxCount: number, wanted: ReadonlySet<string>): Promise<EventRow[]> {
    const key = `${after}:${maxCount}`;
    const running = this.trustedInFlight.get(key);
    if (running && [...wanted].every((type) => running.types.has(type))) {
      this.trustedJoined++;
      return running.rows;
    }
    const types = new Set(this.trustedTypes);
    const { high, low } = Position.decode(after);
    const rows = this.pool
      .query<EventRow>({ name: 'eventstore_read_all_trusted', text: TRUSTED_READ, values: [String(high), String(low), maxCount, [...types]] })
      .then((result) => result.rows);
    const entry = { types, rows };
    this.trustedInFlight.set(key, entry);
    const done = () => {
      if (this.trustedInFlight.get(key) === entry) this.trustedInFlight.delete(key);
    };
    rows.then(done, done);
    return rows;
  }

  /** How many trusted reads joined one already under way (for tests and diagnostics). */
  get sharedReads(): number {
    return this.trustedJoined;
  }

  async estimateEventCount(): Promise<number> {
    // Planner statistics, not count(*): instant on any size, close enough for a progress bar.
    const { rows } = await this.pool.query<{ estimate: number }>(
      `select greatest(reltuples, 0)::float8 as estimate from pg_class where oid = 'eventstore.events'::regclass`,
    );
    const estimate = Math.round(rows[0]?.estimate ?? 0);
    if (estimate > 0) return estimate;
    const exact = await this.pool.query<{ n: string }>('select count(*) as n from eventstore.events');
    return Number(exact.rows[0]!.n);
  }

  async countEventsAfter(after: Position, cap: number): Promise<number> {
    const { high, low } = Position.decode(Position.parse(after));
    const { rows } = await this.pool.query<{ n: string }>({
      name: 'eventstore_count_after',
      text: `select count(*) as n from (select 1 from eventstore.events where (tx_id, seq) > ($1, $2) and ${VISIBLE} limit $3) t`,
      values: [String(high), String(low), Math.max(0, Math.floor(cap))],
    });
    return Number(rows[0]!.n);
  }

  async close(): Promise<void> {
    await this.notifier.close();
  }

  private toRecorded(row: EventRow, trusted = false): RecordedEvent<E> {
    const codec = this.codec;
    const { schemaVersion, data } = trusted && codec.decodeTrusted ? codec.decodeTrusted(row.type, row.schema_version, row.data) : codec.decode(row.type, row.schema_version, row.data);
    return {
      eventId: row.event_id,
      type: row.type,
      schemaVersion,
      data,
      streamId: row.stream_id,
      revision: Number(row.revision),
      position: Position.encode(BigInt(row.tx_id), BigInt(row.seq)),
      metadata: {
        ...(row.metadata as object),
        recordedAt: row.recorded_at.toISOString(),
        hash: row.hash,
        previousHash: row.previous_hash,
      },
    } as unknown as RecordedEvent<E>;
  }

  /** An event a trusted subscriber skips: where it is and when it was recorded, nothing decoded. */
  private toEnvelope(row: EventRow): RecordedEvent<E> {
    return {
      eventId: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: undefined,
      streamId: row.stream_id,
      revision: Number(row.revision),
      position: Position.encode(BigInt(row.tx_id), BigInt(row.seq)),
      metadata: { recordedAt: row.recorded_at.toISOString() },
    } as unknown as RecordedEvent<E>;
  }
}
