import { randomBytes, randomUUID } from 'node:crypto';
import { domainEventDefinitions } from '../../event-schemas/domain-event';
import type { EventMetadata, NewEvent } from '../../platform/event-store/event-store.port';

/**
 * Every benchmark event is the same realistic domain event: StockReserved (schema version 1,
 * so the raw codec's stored version is also valid for the domain registry) with the catalogue's
 * example payload and full caller metadata. The raw baseline rows carry the same JSON.
 */
const definition = domainEventDefinitions.find((d) => d.type === 'StockReserved');
if (!definition || definition.schemaVersion !== 1) throw new Error('bench fixture: StockReserved v1 not found in event-schemas');

export const EVENT_TYPE = definition.type;
export const EVENT_DATA: unknown = definition.example;
export const EVENT_METADATA: EventMetadata = {
  correlationId: '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6',
  causationId: 'b2a7c9e4-1f3d-4c5b-9a8e-7d6c5b4a3f21',
  actor: { subject: 'order-process-manager', role: 'system' },
  occurredAt: '2026-03-01T10:00:00.000Z',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};
export const DATA_JSON = JSON.stringify(EVENT_DATA);
export const METADATA_JSON = JSON.stringify(EVENT_METADATA);

export function benchEvents(count: number): NewEvent[] {
  const events: NewEvent[] = new Array(count);
  for (let i = 0; i < count; i++) events[i] = { eventId: randomUUID(), type: EVENT_TYPE, data: EVENT_DATA, metadata: EVENT_METADATA };
  return events;
}

let streamCounter = 0;
/** A new stream id, unique within and across runs: `stock-<label>.<n>.<random>`. */
export function benchStream(label: string): string {
  return `stock-${label}.${(streamCounter++).toString(36)}.${randomBytes(4).toString('hex')}`;
}

/** 64-character hex strings standing in for the chain hashes of raw rows (same size as real ones). */
const HASHES = Array.from({ length: 1024 }, () => randomBytes(32).toString('hex'));
export const hashAt = (i: number): string => HASHES[i % HASHES.length]!;
