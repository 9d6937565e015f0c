import type { Position } from './position';

/** Zero-based revision of an event within its stream; the first event is revision 0. */
export type StreamRevision = number;

/**
 * What the stream must look like for an append to go through:
 * - 'any': no check
 * - 'no_stream': the stream has no events yet
 * - 'stream_exists': the stream has at least one event
 * - a number: the revision of the stream's last event
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | StreamRevision;

/** Who caused an event: the JWT subject and role, or a process name with role 'system'. */
export interface Actor {
  subject: string;
  role: string;
}

/** Metadata the caller supplies with every event. */
export interface EventMetadata {
  /** The business transaction the event belongs to: the order id for everything an order causes. */
  correlationId: string;
  /** The command or event that directly caused this event. */
  causationId: string;
  actor: Actor;
  /** When it happened in the business sense (ISO-8601), supplied by the caller, not the store. */
  occurredAt: string;
  /** W3C trace context of the request that appended the event, when traced. */
  traceparent?: string;
}

/** Metadata the store adds. */
export interface RecordedMetadata extends EventMetadata {
  /** When the store recorded the event (ISO-8601); time-travel reads use this clock. */
  recordedAt: string;
  /** SHA-256 (hex) over the event's canonical encoding and the previous event's hash. */
  hash: string;
  /** Hash of the previous event in the stream; 64 zeros for the first event. */
  previousHash: string;
}

/** The shape every event type has: a type name and its payload. */
export interface EventShape {
  type: string;
  data: unknown;
}

export type NewEvent<E extends EventShape = EventShape> = E & {
  /** UUID chosen by the caller; appending the same id twice is an idempotent no-op. */
  eventId: string;
  metadata: EventMetadata;
};

export type RecordedEvent<E extends EventShape = EventShape> = E & {
  eventId: string;
  /** Version of `data`'s shape; after decoding always the current one for the type. */
  schemaVersion: number;
  streamId: string;
  revision: StreamRevision;
  position: Position;
  metadata: RecordedMetadata;
};

export interface AppendResult {
  streamId: string;
  /** Revision of the last event written (or found, for an idempotent retry). */
  nextRevision: StreamRevision;
  /** Global position of the last event written. */
  position: Position;
  /** False when every event id was already stored by an earlier, identical append. */
  appended: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** First revision to return (inclusive). Backwards reads start here and go down. */
  fromRevision?: StreamRevision;
  /** Last revision to return (inclusive), in stream order regardless of direction. */
  toRevision?: StreamRevision;
  /** Time travel: only events recorded at or before this instant. */
  recordedAtOrBefore?: Date;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Position.START reads from the beginning. */
  after?: Position;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Checkpoint: deliver events strictly after this position. */
  after?: Position;
  /** Events fetched per read while catching up. */
  batchSize?: number;
  /** Called once when the subscription has delivered everything committed so far and turns live. */
  onCaughtUp?: () => void;
  /**
   * For the platform's own readers of what the store itself validated on append (the projections),
   * never for public or analysts' reads: only events of `types` are decoded, with the codec's
   * `decodeTrusted` (a current-version payload as stored, an older one validated and upcast).
   * Events of every other type are still delivered, in order, so a checkpoint can move past
   * them, but as bare envelopes: ids, type, stream, revision, position and `metadata.recordedAt`;
   * their `data` is undefined and no other metadata is read. A store that cannot do this decodes
   * every event as usual.
   */
  trusted?: { types: readonly string[] };
}

/**
 * A catch-up subscription: an async iterator over every event after the checkpoint in global
 * order, which keeps waiting for new events once it has caught up. Delivery pauses while the
 * consumer awaits, so a consumer that persists its checkpoint after handling an event never
 * skips one.
 */
export interface Subscription<E extends EventShape = EventShape> extends AsyncIterable<RecordedEvent<E>> {
  /** Ends the iteration; a pending `next()` resolves as done. */
  stop(): Promise<void>;
  readonly caughtUp: boolean;
  /**
   * True while the page being delivered came back full, so more events are readable at once (the
   * subscriber is behind, catching up); false once a page came back short. Absent where the store
   * cannot tell.
   */
  readonly backlog?: boolean;
}

export interface StreamHead {
  revision: StreamRevision;
  hash: string;
  position: Position;
}

export interface EventStore<E extends EventShape = EventShape> {
  /**
   * Appends events atomically. Throws WrongExpectedRevisionError on a concurrency conflict,
   * an EventValidationError (from the codec) for a payload that breaks its schema, and
   * InvalidStreamIdError / InvalidRevisionError for malformed arguments, all before writing.
   */
  append(streamId: string, events: NewEvent<E>[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent<E>[]>;
  /** The stream's last revision, hash and position, or null when it has no events. */
  streamHead(streamId: string): Promise<StreamHead | null>;
  /** One batch of events in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent<E>[]>;
  /** Position of the latest event readers can see, or Position.START on an empty store. */
  headPosition(): Promise<Position>;
  subscribeToAll(options?: SubscribeOptions): Subscription<E>;
  /** A cheap estimate of the number of events, for progress bars; absent where the engine cannot say. */
  estimateEventCount?(): Promise<number>;
  /**
   * How many visible events lie strictly after `after`, counting at most `cap` (a lag figure for
   * status pages: "at least cap" is enough when far behind). Absent where the engine cannot say cheaply.
   */
  countEventsAfter?(after: Position, cap: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Translates between the domain's current event shapes and what is stored. The event-schemas
 * registry implements it; the store calls encode before writing anything and decode on every read.
 */
export interface EventCodec {
  /** Validates a new event; returns the payload to store and its schema version. */
  encode(type: string, data: unknown): { schemaVersion: number; data: unknown };
  /** Validates a stored payload and upcasts it to the type's current schema version. */
  decode(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown };
  /**
   * Decode for a trusted reader (SubscribeOptions.trusted): a payload already in the type's current
   * version is returned as stored, since encode validated it against that very schema before it was
   * written; an older one is validated and upcast exactly as decode does. Absent: decode is used.
   */
  decodeTrusted?(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown };
}
