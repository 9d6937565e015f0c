import { InvalidEventError, InvalidRevisionError, InvalidStreamIdError } from './errors';
import type { EventShape, ExpectedRevision, NewEvent, ReadStreamOptions } from './event-store.port';

/** `<category>-<id>`: a lowercase category (e.g. order, stock, product) and an id of safe characters. */
const STREAM_ID = /^[a-z][a-z0-9]*-[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;
const MAX_STREAM_ID = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
export const MAX_EVENTS_PER_APPEND = 10_000;

export function assertStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string') throw new InvalidStreamIdError(streamId, 'must be a string');
  if (streamId.length > MAX_STREAM_ID) throw new InvalidStreamIdError(streamId, `must be at most ${MAX_STREAM_ID} characters`);
  if (!STREAM_ID.test(streamId)) {
    throw new InvalidStreamIdError(
      streamId,
      'must look like <category>-<id>: a lowercase category, a dash, then letters, digits or _ . : @ - (e.g. order-7f3c)',
    );
  }
}

export function streamCategory(streamId: string): string {
  return streamId.slice(0, streamId.indexOf('-'));
}

function isRevision(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists' || isRevision(expected)) return;
  throw new InvalidRevisionError('expected revision', expected, "must be 'any', 'no_stream', 'stream_exists' or a non-negative integer");
}

export function assertReadStreamOptions(options: ReadStreamOptions): void {
  for (const field of ['fromRevision', 'toRevision'] as const) {
    const value = options[field];
    if (value !== undefined && !isRevision(value)) throw new InvalidRevisionError(field, value, 'must be a non-negative integer');
  }
  if (options.maxCount !== undefined && !(Number.isSafeInteger(options.maxCount) && options.maxCount > 0)) {
    throw new InvalidRevisionError('maxCount', options.maxCount, 'must be a positive integer');
  }
  if (options.recordedAtOrBefore !== undefined && Number.isNaN(options.recordedAtOrBefore.getTime?.())) {
    throw new InvalidRevisionError('recordedAtOrBefore', options.recordedAtOrBefore, 'must be a valid date');
  }
}

/** Checks the envelope of each new event; the payload is the codec's job. */
export function assertNewEvents<E extends EventShape>(events: NewEvent<E>[]): void {
  if (!Array.isArray(events) || events.length === 0) throw new InvalidEventError('events', 'must be a non-empty array');
  if (events.length > MAX_EVENTS_PER_APPEND) throw new InvalidEventError('events', `must hold at most ${MAX_EVENTS_PER_APPEND} events per append`);
  const seen = new Set<string>();
  events.forEach((event, i) => {
    const at = `events[${i}]`;
    if (typeof event?.eventId !== 'string' || !UUID.test(event.eventId)) throw new InvalidEventError(`${at}.eventId`, 'must be a UUID');
    if (seen.has(event.eventId.toLowerCase())) throw new InvalidEventError(`${at}.eventId`, `repeats ${event.eventId} within one append`);
    seen.add(event.eventId.toLowerCase());
    if (typeof event.type !== 'string' || event.type.length === 0) throw new InvalidEventError(`${at}.type`, 'must be a non-empty string');
    const m = event.metadata;
    if (typeof m !== 'object' || m === null) throw new InvalidEventError(`${at}.metadata`, 'is required');
    for (const key of ['correlationId', 'causationId'] as const) {
      if (typeof m[key] !== 'string' || m[key].length === 0) throw new InvalidEventError(`${at}.metadata.${key}`, 'must be a non-empty string');
    }
    if (typeof m.actor?.subject !== 'string' || m.actor.subject.length === 0) throw new InvalidEventError(`${at}.metadata.actor.subject`, 'must be a non-empty string');
    if (typeof m.actor.role !== 'string' || m.actor.role.length === 0) throw new InvalidEventError(`${at}.metadata.actor.role`, 'must be a non-empty string');
    if (typeof m.occurredAt !== 'string' || !ISO_INSTANT.test(m.occurredAt) || Number.isNaN(Date.parse(m.occurredAt))) {
      throw new InvalidEventError(`${at}.metadata.occurredAt`, 'must be an ISO-8601 instant such as 2026-01-31T12:00:00.000Z');
    }
  });
}
