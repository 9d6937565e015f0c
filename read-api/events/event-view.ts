import { z } from 'zod';
import type { RecordedEvent } from '../../platform/event-store/event-store.port';

const instant = z.string().describe('ISO-8601 UTC instant');

/** A stored event as the event browser shows it: decoded and upcast to its type's current schema. */
export const eventView = z
  .object({
    position: z.string().describe('Global position: the order of all events'),
    eventId: z.uuid(),
    type: z.string(),
    schemaVersion: z.int().describe('Always the type’s current version: older stored shapes are upcast'),
    streamId: z.string(),
    revision: z.int().describe('Zero-based place in its stream'),
    occurredAt: instant.describe('When it happened in the business sense, as the writer said'),
    recordedAt: instant.describe('When the store recorded it (the clock asOf reads by)'),
    actor: z.object({ subject: z.string(), role: z.string() }),
    correlationId: z.string(),
    causationId: z.string(),
    data: z.unknown().describe('The payload, in the current schema of its type'),
  })
  .meta({ title: 'StoredEvent' });

export type EventView = z.infer<typeof eventView>;

export const eventsPage = z
  .object({
    items: z.array(eventView),
    next: z.string().nullable().describe('Pass as fromPosition for the next page; null once the scan has reached the newest event (a page can be short or empty while next is not null)'),
    scannedTo: z.string().describe('The position this answer looked up to; pass it as fromPosition later to see only newer events'),
  })
  .meta({ title: 'EventsPage' });

export type EventsPage = z.infer<typeof eventsPage>;

export function toEventView(event: RecordedEvent): EventView {
  const { metadata } = event;
  return {
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    revision: event.revision,
    occurredAt: metadata.occurredAt,
    recordedAt: metadata.recordedAt,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    data: event.data,
  };
}
