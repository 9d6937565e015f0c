import type { AppendResult, EventShape, EventStore, ExpectedRevision, NewEvent } from '../event-store/event-store.port';
import { appendDuration, eventsAppended } from './metrics';
import { activeTraceparent, inSpan, SpanKind } from './tracing';

/**
 * The event store with append metrics and tracing: each append is timed (by engine), the events it
 * wrote are counted by type, and it runs in a span. Events appended inside a traced request or
 * command carry that trace in `metadata.traceparent` unless the caller set one, so the projector
 * and the process manager can continue the trace from the event. Reads pass straight through.
 */
export function instrumentEventStore<E extends EventShape>(store: EventStore<E>, engine: 'postgres' | 'kurrentdb'): EventStore<E> {
  const timer = appendDuration.labels(engine);
  const append = async (streamId: string, events: NewEvent<E>[], expected: ExpectedRevision): Promise<AppendResult> =>
    inSpan('event-store append', { kind: SpanKind.CLIENT, attributes: { 'db.system': engine, 'commerce.stream_id': streamId, 'commerce.events': events.length } }, async () => {
      const traceparent = activeTraceparent();
      const traced = traceparent ? events.map((event) => (event.metadata.traceparent ? event : { ...event, metadata: { ...event.metadata, traceparent } })) : events;
      const end = timer.startTimer();
      try {
        const result = await store.append(streamId, traced, expected);
        if (result.appended) for (const event of traced) eventsAppended.inc({ type: event.type });
        return result;
      } finally {
        end();
      }
    });
  // A proxy, so every other method (optional ones included, and any the port gains later) passes through untouched.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== 'function') return value;
      if (!bound.has(property)) bound.set(property, (value as (...args: unknown[]) => unknown).bind(target));
      return bound.get(property);
    },
  });
}
