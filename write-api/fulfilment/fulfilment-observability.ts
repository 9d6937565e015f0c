import type { RecordedEvent } from '../../platform/event-store/event-store.port';
import { processManagerSteps, processManagerTimeouts } from '../../platform/observability/metrics';
import { contextFromTraceparent, inSpan, SpanKind } from '../../platform/observability/tracing';

/** The deadline kinds of the fulfilment decider under the names the alerts and the dashboard use. */
const TIMEOUTS: Record<string, string> = { payment: 'payment-deadline', reservations: 'reservation-expiry' };

export function timeoutName(kind: string): string {
  return TIMEOUTS[kind] ?? kind;
}

/** ReserveStock → reserve-stock. */
export function stepName(intentType: string): string {
  return intentType.replace(/(?<=[a-z0-9])([A-Z])/g, '-$1').toLowerCase();
}

export function countTimeout(kind: string): void {
  processManagerTimeouts.inc({ timeout: timeoutName(kind) });
}

/** `ok` when the command went through or the domain answered (a refusal is an answer); `failed` when the step will be retried. */
export function countStep(intentType: string, outcome: 'ok' | 'failed'): void {
  processManagerSteps.inc({ step: stepName(intentType), outcome });
}

/**
 * Handles one event in a span that continues the event's own trace (its metadata.traceparent is
 * the parent): one event causes one reaction, so the order's trace runs from the HTTP request
 * through the process manager's commands. Projections, which apply many events per batch, link instead.
 */
export function inEventSpan<T>(consumer: string, event: RecordedEvent, work: () => Promise<T>): Promise<T> {
  return inSpan(
    `${consumer} ${event.type}`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromTraceparent(event.metadata.traceparent),
      attributes: { 'commerce.event_id': event.eventId, 'commerce.event_type': event.type, 'commerce.stream_id': event.streamId, 'commerce.correlation_id': event.metadata.correlationId },
    },
    work,
  );
}
