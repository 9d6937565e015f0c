import {
  AccessDeniedError,
  ANY,
  CancelledError,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  streamNameFilter,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  type AppendStreamState,
  type CurrentStreamState,
  type Filter,
  type Position as KurrentPosition,
  type ReadPosition,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { EventStoreError, EventStoreUnavailableError, InvalidEventError, WrongExpectedRevisionError } from '../errors';
import type { EventCodec, EventMetadata, EventShape, ExpectedRevision, NewEvent, RecordedEvent, StreamRevision } from '../event-store.port';
import { chainHash, contentDigest, GENESIS_HASH, hashedMetadata } from '../hash-chain';
import { Position } from '../position';

/**
 * Our stream ids always start with a lowercase letter (validation.ts); KurrentDB's system streams
 * start with `$` and this adapter's event-id index streams with `_`. Filtering $all on the stream
 * name server-side therefore drops both, including system streams whose events have no `$` type
 * (e.g. projection results), which an event-type filter (excludeSystemEvents) would let through.
 */
export const DOMAIN_STREAMS: Filter = streamNameFilter({ regex: '^[a-z]', checkpointInterval: 1000 });

/** Link events (`$>`) a user projection may write into a domain-named stream are not ours either. */
export function isDomainEvent(event: { streamId: string; type: string }): boolean {
  return /^[a-z]/.test(event.streamId) && !event.type.startsWith('$');
}

export function toPosition(position: KurrentPosition): Position {
  return Position.encode(position.commit, position.prepare);
}

/** Where a $all read or subscription starts for "after"; callers still drop the event AT it. */
export function toReadPosition(after: Position): ReadPosition {
  if (after === Position.START) return START;
  const { high, low } = Position.decode(Position.parse(after));
  return { commit: high, prepare: low };
}

export function toRevision(revision: bigint): StreamRevision {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`KurrentDB revision ${revision} does not fit a JavaScript number`);
  return Number(revision);
}

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
}

export function toActual(current: CurrentStreamState): StreamRevision | 'no_stream' {
  return current === NO_STREAM ? 'no_stream' : toRevision(current);
}

/** The caller's expectation checked against the head we read; the server re-checks at the append. */
export function checkExpected(streamId: string, expected: ExpectedRevision, head: StreamRevision | -1): void {
  const actual = head < 0 ? 'no_stream' : head;
  const ok = expected === 'any' || (expected === 'no_stream' ? head < 0 : expected === 'stream_exists' ? head >= 0 : expected === head);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
}

/** Keys this adapter adds next to the caller's metadata in KurrentDB's event metadata. */
const RESERVED = ['schemaVersion', 'hash', 'previousHash', '$correlationId', '$causationId'] as const;

export interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  hash: string;
  previousHash: string;
  /** KurrentDB's own names, so its projections ($by_correlation_id) and UI follow the causal chain. */
  $correlationId: string;
  $causationId: string;
}

export function encodeMetadata(metadata: EventMetadata, schemaVersion: number, hash: string, previousHash: string): StoredMetadata {
  return { ...hashedMetadata(metadata), $correlationId: metadata.correlationId, $causationId: metadata.causationId, schemaVersion, hash, previousHash };
}

export function decodeMetadata(raw: unknown, where: string): { metadata: EventMetadata; schemaVersion: number; hash: string; previousHash: string } {
  const m = raw as Partial<StoredMetadata> | undefined;
  if (typeof m !== 'object' || m === null || typeof m.schemaVersion !== 'number' || typeof m.hash !== 'string' || typeof m.previousHash !== 'string') {
    throw new Error(`${where} was not written by this event store (its metadata lacks schemaVersion, hash and previousHash); only append through KurrentDbEventStore to domain streams`);
  }
  const metadata: Record<string, unknown> = { ...m };
  for (const key of RESERVED) delete metadata[key];
  return { metadata: metadata as unknown as EventMetadata, schemaVersion: m.schemaVersion, hash: m.hash, previousHash: m.previousHash };
}

export interface EncodedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** The payload as KurrentDB will store and return it (after a JSON round trip). */
  data: unknown;
  metadata: EventMetadata;
}

/** Runs the codec and normalises payloads to JSON, so the hash covers exactly what is read back. */
export function encodeEvents<E extends EventShape>(events: NewEvent<E>[], codec: EventCodec): EncodedEvent[] {
  return events.map((event, i) => {
    if (event.type.startsWith('$')) throw new InvalidEventError(`events[${i}].type`, "must not start with '$': KurrentDB reserves those for system events");
    const { schemaVersion, data } = codec.encode(event.type, event.data);
    return { eventId: event.eventId, type: event.type, schemaVersion, data: JSON.parse(JSON.stringify(data ?? null)), metadata: event.metadata };
  });
}

/** The same chain the Postgres append function computes: each link binds the previous hash, place and content. */
export function chainBatch(streamId: string, head: { revision: StreamRevision; hash: string } | null, events: EncodedEvent[]): { revision: number; hash: string; previousHash: string }[] {
  let previousHash = head?.hash ?? GENESIS_HASH;
  let revision = head?.revision ?? -1;
  return events.map((event) => {
    revision += 1;
    const hash = chainHash(previousHash, streamId, revision, contentDigest(event));
    const link = { revision, hash, previousHash };
    previousHash = hash;
    return link;
  });
}

export function decodeEvent<E extends EventShape>(event: KurrentRecordedEvent, codec: EventCodec): RecordedEvent<E> {
  const where = `Event ${event.id} at ${event.streamId}@${event.revision}`;
  const stored = decodeMetadata(event.metadata, where);
  if (!event.isJson) throw new Error(`${where} is not JSON; this event store only writes JSON events`);
  if (!event.position) throw new Error(`${where} came without a position; KurrentDB 22.6 or later is required`);
  const { schemaVersion, data } = codec.decode(event.type, stored.schemaVersion, event.data);
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion,
    data,
    streamId: event.streamId,
    revision: toRevision(event.revision),
    position: toPosition(event.position),
    metadata: { ...stored.metadata, recordedAt: event.created.toISOString(), hash: stored.hash, previousHash: stored.previousHash },
  } as unknown as RecordedEvent<E>;
}

export function toWrongExpectedRevision(streamId: string, expected: ExpectedRevision, error: WrongExpectedVersionError): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(streamId, expected, toActual(error.actualState));
}

const UNREACHABLE = [UnavailableError, DeadlineExceededError, TimeoutError, NotLeaderError, CancelledError, UnknownError];

/** Maps the client's infrastructure errors to the port's; everything else passes through unchanged. */
export function translateError(error: unknown, doing: string): unknown {
  if (error instanceof EventStoreError) return error;
  const message = (error as Error)?.message || String(error);
  if (error instanceof AccessDeniedError) {
    return new EventStoreUnavailableError(
      `KurrentDB denied access while ${doing}: ${message}; the connection string's user needs write access to the streams and read access to $all (admins by default)`,
      { cause: error },
    );
  }
  if (UNREACHABLE.some((type) => error instanceof type)) {
    return new EventStoreUnavailableError(`KurrentDB unavailable while ${doing}: ${message}; check KURRENTDB_URL and that the server is up`, { cause: error });
  }
  return error;
}
