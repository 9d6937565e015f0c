import { randomUUID } from 'node:crypto';
import type { AppendResult, EventCodec, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';
import { Position } from '../position';

/** What an adapter's test file supplies to run the shared contract against it. */
export interface ContractHarness {
  /** The store under test, using the given codec. Called once per suite. */
  createStore(codec: EventCodec): Promise<EventStore>;
  /**
   * Appends and keeps the write uncommitted for `delayMs` before it becomes visible, to prove
   * readers never pass an event that commits late. Engines without client transactions omit it
   * and the contract delays between appends instead.
   */
  appendSlowly?(streamId: string, events: NewEvent[], expected: ExpectedRevision, delayMs: number): Promise<AppendResult>;
  dispose(): Promise<void>;
}

export class TestPayloadError extends Error {
  readonly code = 'EVENT_VALIDATION_FAILED';
  constructor(readonly eventType: string, readonly path: string, readonly reason: string) {
    super(`${eventType} is invalid: ${path}: ${reason}`);
  }
}

/** A two-event codec so the contract does not depend on the domain's schemas. */
export const contractCodec: EventCodec = {
  encode(type, data) {
    if (type !== 'Counted') throw new TestPayloadError(type, 'type', 'unknown event type');
    const n = (data as { n?: unknown })?.n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new TestPayloadError(type, 'n', `must be a non-negative integer (got ${JSON.stringify(n)})`);
    return { schemaVersion: 2, data };
  },
  decode: (_type, schemaVersion, data) => ({ schemaVersion, data }),
};

let counter = 0;
export function uniqueStream(category = 'test'): string {
  return `${category}-${Date.now().toString(36)}${(counter++).toString(36)}${randomUUID().slice(0, 8)}`;
}

export function counted(n: number, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'Counted',
    data: { n },
    metadata: {
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      actor: { subject: 'tester', role: 'admin' },
      occurredAt: '2026-03-01T10:00:00.000Z',
    },
    ...overrides,
  };
}

export function countedBatch(from: number, size: number): NewEvent[] {
  return Array.from({ length: size }, (_, i) => counted(from + i));
}

/**
 * Every event after `after`, read in batches, restricted to the given streams. Readers only see
 * events once every older transaction has ended (on Postgres, anywhere in the cluster), so a fresh
 * append can stay invisible for a moment; with `atLeast`, reading continues until that many arrived.
 */
export async function readAllOf(store: EventStore, after: Position, streams: Set<string>, batch = 250, atLeast = 0, timeoutMs = 15_000): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  const end = Date.now() + timeoutMs;
  for (let cursor = after; ; ) {
    const events = await store.readAll({ after: cursor, maxCount: batch });
    for (const e of events) if (streams.has(e.streamId)) out.push(e);
    if (events.length > 0) cursor = events[events.length - 1]!.position;
    if (events.length === batch) continue;
    if (out.length >= atLeast || Date.now() > end) return out;
    await sleep(20);
  }
}

/** Resolves once readers can see everything up to `position`. */
export async function waitUntilVisible(store: EventStore, position: Position, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await store.headPosition()) < position) {
    if (Date.now() > end) throw new Error(`position ${position} did not become visible within ${timeoutMs} ms`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function settle<T>(promises: Promise<T>[]): Promise<{ ok: T[]; failed: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    ok: results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled').map((r) => r.value as T),
    failed: results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason),
  };
}
