import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainEventDefinitions, orderPlaced, type DomainEvent } from '../../event-schemas';
import { integrationEventDefinition, integrationEventDefinitions, parseIntegrationEvent } from '../../event-schemas/integration';
import type { RecordedEvent } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';
import { factsNeeded, MissingFactsError, publishingContext, translate, type Facts } from './translate';

const fixture = (type: string): Record<string, any> =>
  JSON.parse(readFileSync(join(__dirname, '../../event-schemas/integration/fixtures', `${type}.fixture.json`), 'utf8'));

/** The recorded domain event that the frozen fixture of `type` was published from. */
function sourceOf(type: string, domain: DomainEvent): RecordedEvent<DomainEvent> {
  const f = fixture(type);
  return {
    ...domain,
    eventId: f.id,
    schemaVersion: 1,
    streamId: f.source.streamId,
    revision: f.source.revision,
    position: Position.parse(f.source.position),
    metadata: { correlationId: f.correlationId, causationId: 'cmd-1', actor: { subject: 'ops-1', role: 'operator' }, occurredAt: f.occurredAt, recordedAt: f.occurredAt, hash: 'h', previousHash: 'p' },
  } as RecordedEvent<DomainEvent>;
}

const placed = orderPlaced.example;
const orderId = placed.orderId;
const orderFacts: Facts = { order: { customerId: placed.customerId, lines: placed.lines, total: placed.total } };
const customerId = '3b9f6c2a-8d4e-4f1a-b5c7-9e0d1f2a3b4c';

describe('Translating domain events into integration events', () => {
  const cases: [string, DomainEvent, Facts][] = [
    ['ordering.order-placed.v1', { type: 'OrderPlaced', data: placed }, {}],
    ['ordering.order-confirmed.v1', { type: 'OrderConfirmed', data: { orderId } }, orderFacts],
    ['ordering.order-rejected.v1', { type: 'OrderRejected', data: { orderId, reason: 'paymentDeclined' } }, orderFacts],
    ['ordering.order-cancelled.v1', { type: 'OrderCancelled', data: { orderId, reason: 'Ordered the wrong size' } }, orderFacts],
    ['ordering.order-shipped.v1', { type: 'OrderShipped', data: { orderId, carrier: 'DHL' } }, orderFacts],
    ['ordering.order-delivered.v1', { type: 'OrderDelivered', data: { orderId } }, orderFacts],
    ['customers.customer-registered.v1', { type: 'CustomerRegistered', data: { customerId, email: 'ada.lovelace@example.com', name: 'Ada Lovelace' } }, {}],
    [
      'customers.customer-details-changed.v1',
      { type: 'CustomerDetailsChanged', data: { customerId, email: 'ada@lovelace.example' } },
      { customer: { email: 'ada@lovelace.example', name: 'Ada Lovelace' } },
    ],
    ['inventory.stock-low.v1', { type: 'LowStockDetected', data: { sku: 'TSHIRT-RED-M', available: 4, threshold: 5 } }, {}],
  ];

  it.each(cases)('publishes %s exactly as its frozen fixture, valid against the contract', (type, domain, facts) => {
    const message = translate(sourceOf(type, domain), facts);
    expect(message).toEqual(fixture(type));
    expect(parseIntegrationEvent(message)).toEqual(message);
    expect(integrationEventDefinition(type).schema.safeParse(message!.data).success).toBe(true);
  });

  it.each(cases)('publishes %s on the topic of the context that recorded its source event', (type, domain) => {
    expect(publishingContext(domain.type)).toBe(integrationEventDefinition(type).context);
  });

  it('covers every published type', () => {
    expect(cases.map(([type]) => type).sort()).toEqual(integrationEventDefinitions.map((d) => d.type).sort());
  });

  it('never publishes the payment token of a placed order', () => {
    const message = translate(sourceOf('ordering.order-placed.v1', { type: 'OrderPlaced', data: { ...placed, paymentToken: 'tok_secret_123' } }));
    expect(JSON.stringify(message)).not.toContain('tok_secret_123');
  });

  it('keeps internal steps (stock, payments, fulfilment, catalogue) to itself', () => {
    const published = new Set(['OrderPlaced', 'OrderConfirmed', 'OrderRejected', 'OrderCancelled', 'OrderShipped', 'OrderDelivered', 'CustomerRegistered', 'CustomerDetailsChanged', 'LowStockDetected']);
    const internal = domainEventDefinitions.filter((d) => !published.has(d.type));
    expect(internal.length).toBeGreaterThan(20);
    for (const definition of internal) {
      const event = sourceOf('ordering.order-placed.v1', { type: definition.type, data: definition.example } as DomainEvent);
      expect([definition.type, translate(event, orderFacts)]).toEqual([definition.type, null]);
    }
  });

  it('gives the same message, id included, every time it translates the same event (consumers dedupe by id)', () => {
    const event = sourceOf('ordering.order-confirmed.v1', { type: 'OrderConfirmed', data: { orderId } });
    expect(translate(event, orderFacts)).toEqual(translate(event, orderFacts));
    expect(translate(event, orderFacts)!.id).toBe(event.eventId);
  });

  it('writes occurredAt in UTC whatever offset the writer used', () => {
    const event = sourceOf('inventory.stock-low.v1', { type: 'LowStockDetected', data: { sku: 'TSHIRT-RED-M', available: 4, threshold: 5 } });
    event.metadata.occurredAt = '2026-03-14T12:30:00.000+02:00';
    expect(translate(event)!.occurredAt).toBe('2026-03-14T10:30:00.000Z');
  });

  it('says which facts an event needs, and refuses to guess when they are missing', () => {
    const confirmed = sourceOf('ordering.order-confirmed.v1', { type: 'OrderConfirmed', data: { orderId } });
    expect(factsNeeded(confirmed)).toEqual({ kind: 'order', orderId });
    expect(() => translate(confirmed, {})).toThrow(MissingFactsError);
    expect(() => translate(confirmed, {})).toThrow(`the order's placement (OrderPlaced in order-${orderId}) was not found`);
    const changed = sourceOf('customers.customer-details-changed.v1', { type: 'CustomerDetailsChanged', data: { customerId, name: 'Ada King' } });
    expect(factsNeeded(changed)).toEqual({ kind: 'customer', customerId, revision: 1 });
    expect(() => translate(changed, {})).toThrow("the customer's details as of revision 1 were not found");
  });
});
