import { randomUUID } from 'node:crypto';
import type { DomainEvent, DomainEventType, EventData } from '../../../event-schemas';
import type { AppendResult, EventStore, NewEvent } from '../../../platform/event-store/event-store.port';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });

export interface AuditedOrder {
  orderId: string;
  customerId: string;
  sku: string;
  /** An order placed for the same SKU, whose stock events must not show in the first one's timeline. */
  otherOrderId: string;
  last: AppendResult;
}

/**
 * One order's life across four streams with distinct actors and causes (the customer places it,
 * the process manager reserves and confirms, the gateway adapter authorizes), plus a second order
 * for the same SKU, appended through the domain codec like the write side would.
 */
export async function appendAuditedOrder(store: EventStore): Promise<AuditedOrder> {
  const orderId = randomUUID();
  const otherOrderId = randomUUID();
  const customerId = randomUUID();
  const sku = `AUDIT-${randomUUID().slice(0, 8).toUpperCase()}`;
  const pm = { subject: 'order-fulfilment', role: 'system' };
  let at = Date.parse('2026-04-01T09:00:00.000Z');
  const append = (streamId: string, type: DomainEventType, data: EventData<DomainEventType>, actor: { subject: string; role: string }, causationId: string, correlationId: string = orderId) => {
    at += 1000;
    const event = { eventId: randomUUID(), type, data, metadata: { correlationId, causationId, actor, occurredAt: new Date(at).toISOString() } } as NewEvent<DomainEvent>;
    return (store as EventStore<DomainEvent>).append(streamId, [event], 'any');
  };
  const reservationId = `${orderId}:reserve:${sku}`;
  await append(`stock-${sku}`, 'StockReceived', { sku, quantity: 10 }, { subject: 'ops-1', role: 'operator' }, 'receive-1', sku);
  await append(`order-${orderId}`, 'OrderPlaced', { orderId, customerId, lines: [{ sku, quantity: 2, unitPrice: eur(450) }], total: eur(900) }, { subject: customerId, role: 'customer' }, `${orderId}:place`);
  await append(`fulfilment-${orderId}`, 'FulfilmentStarted', { orderId, reservations: [{ reservationId, sku, quantity: 2 }], amount: eur(900), reservationsExpireAt: new Date(at + 900_000).toISOString() }, pm, `${orderId}:place`);
  await append(`stock-${sku}`, 'StockReserved', { sku, reservationId, orderId, quantity: 2, expiresAt: new Date(at + 900_000).toISOString() }, pm, reservationId);
  await append(`order-${otherOrderId}`, 'OrderPlaced', { orderId: otherOrderId, customerId, lines: [{ sku, quantity: 1, unitPrice: eur(450) }], total: eur(450) }, { subject: customerId, role: 'customer' }, `${otherOrderId}:place`, otherOrderId);
  await append(`stock-${sku}`, 'StockReserved', { sku, reservationId: `${otherOrderId}:reserve:${sku}`, orderId: otherOrderId, quantity: 1, expiresAt: new Date(at + 900_000).toISOString() }, pm, `${otherOrderId}:reserve:${sku}`, otherOrderId);
  await append(`payment-${orderId}`, 'PaymentAuthorized', { orderId, paymentId: orderId, gatewayRef: 'auth_777', amount: eur(900) }, { subject: 'payment-gateway', role: 'system' }, `${orderId}:authorize`);
  const last = await append(`order-${orderId}`, 'OrderConfirmed', { orderId }, pm, `${orderId}:confirm`);
  return { orderId, customerId, sku, otherOrderId, last };
}

/** Ships the order: events past whatever a read model built before had seen. */
export async function shipAuditedOrder(store: EventStore, order: AuditedOrder): Promise<AppendResult> {
  const event = {
    eventId: randomUUID(), type: 'OrderShipped', data: { orderId: order.orderId, carrier: 'DHL' },
    metadata: { correlationId: order.orderId, causationId: `${order.orderId}:ship`, actor: { subject: 'ops-1', role: 'operator' }, occurredAt: '2026-04-02T09:00:00.000Z' },
  } as NewEvent<DomainEvent>;
  return (store as EventStore<DomainEvent>).append(`order-${order.orderId}`, [event], 'any');
}
