import type { ExpectedRevision, StreamRevision } from './event-store.port';

/** Base class so callers can tell event-store errors from everything else. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** Optimistic concurrency: the stream was not at the revision the caller expected. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream' when it has no events. */
    readonly actual: StreamRevision | 'no_stream',
  ) {
    super(
      `Stream ${streamId} is at revision ${String(actual)}, but the append expected ${String(expected)}; reload the stream and decide again`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export class InvalidStreamIdError extends EventStoreError {
  readonly code = 'INVALID_STREAM_ID';
  constructor(
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`Invalid stream id ${JSON.stringify(value)}: ${reason}`);
    this.name = 'InvalidStreamIdError';
  }
}

export class InvalidRevisionError extends EventStoreError {
  readonly code = 'INVALID_REVISION';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`Invalid ${field} ${JSON.stringify(typeof value === 'bigint' ? String(value) : value)}: ${reason}`);
    this.name = 'InvalidRevisionError';
  }
}

export class InvalidEventError extends EventStoreError {
  readonly code = 'INVALID_EVENT';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid event: ${field} ${reason}`);
    this.name = 'InvalidEventError';
  }
}

/**
 * A retried append reused event ids but not as one identical batch (different stream, a subset,
 * or ids already spread over other appends). Retrying safely needs exactly the original batch.
 */
export class IdempotencyConflictError extends EventStoreError {
  readonly code = 'EVENT_ID_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
    detail: string,
  ) {
    super(`Event id ${eventId} was already appended (${detail}); an idempotent retry must resend the original batch unchanged to ${streamId}`);
    this.name = 'IdempotencyConflictError';
  }
}

/** The engine could not be reached or failed in a way the caller cannot fix by changing input. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
