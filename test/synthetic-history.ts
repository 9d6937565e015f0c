import { randomUUID } from 'node:crypto';
import type { DomainEvent, DomainEventType, EventData } from '../event-schemas';
import type { EventStore, NewEvent } from '../platform/event-store/event-store.port';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });

function event<T extends DomainEventType>(type: T, data: EventData<T>, correlationId: string, occurredAt: string): NewEvent<DomainEvent> {
  return {
    eventId: randomUUID(), type, data,
    metadata: { correlationId, causationId: correlationId, actor: { subject: 'synthetic', role: 'system' }, occurredAt },
  } as NewEvent<DomainEvent>;
}

/**
 * A plausible shop history appended straight to the event store, for projection tests and the
 * read benchmark: products with stock, then orders that are reserved, paid and confirmed, some
 * shipped, some cancelled, with price changes along the way. About 5 events per order.
 */
export async function appendSyntheticHistory(
  store: EventStore<DomainEvent>,
  options: { orders: number; skus?: number; concurrency?: number; onProgress?: (events: number) => void },
): Promise<number> {
  const skus = Array.from({ length: options.skus ?? 50 }, (_, i) => ({ productId: randomUUID(), sku: `SYN-${i.toString().padStart(4, '0')}`, price: 500 + ((i * 37) % 5000) }));
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + (i % 90) * 86_400_000 + (i % 1000) * 1000).toISOString();
  let events = 0;
  const add = async (streamId: string, batch: NewEvent<DomainEvent>[]) => {
    await store.append(streamId, batch, 'any');
    events += batch.length;
    options.onProgress?.(events);
  };
  for (const p of skus) {
    await add(`product-${p.productId}`, [event('ProductDefined', { productId: p.productId, sku: p.sku, name: `Synthetic product ${p.sku}`, description: `A test item number ${p.sku} for load`, category: `cat-${p.price % 7}`, price: eur(p.price) }, p.productId, day(0))]);
    await add(`stock-${p.sku}`, [event('StockReceived', { sku: p.sku, quantity: 1_000_000 }, p.sku, day(0))]);
  }
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < options.orders; i = next++) {
      const orderId = randomUUID();
      const customerId = randomUUID();
      const p = skus[i % skus.length]!;
      const quantity = 1 + (i % 3);
      const at = day(i);
      await add(`order-${orderId}`, [event('OrderPlaced', { orderId, customerId, lines: [{ sku: p.sku, quantity, unitPrice: eur(p.price) }], total: eur(p.price * quantity) }, orderId, at)]);
      const reservationId = randomUUID();
      await add(`stock-${p.sku}`, [event('StockReserved', { sku: p.sku, reservationId, orderId, quantity, expiresAt: new Date(Date.parse(at) + 900_000).toISOString() }, orderId, at)]);
      await add(`payment-${orderId}`, [event('PaymentAuthorized', { orderId, paymentId: orderId, gatewayRef: `auth_${i}`, amount: eur(p.price * quantity) }, orderId, at)]);
      if (i % 10 === 9) {
        await add(`order-${orderId}`, [event('OrderCancelled', { orderId, reason: 'synthetic cancellation' }, orderId, at)]);
        await add(`stock-${p.sku}`, [event('StockReservationReleased', { sku: p.sku, reservationId, orderId, quantity, reason: 'cancelled' }, orderId, at)]);
      } else {
        await add(`order-${orderId}`, [event('OrderConfirmed', { orderId }, orderId, at)]);
        if (i % 5 === 0) {
          await add(`stock-${p.sku}`, [event('StockCommitted', { sku: p.sku, reservationId, orderId, quantity }, orderId, at)]);
          await add(`order-${orderId}`, [event('OrderShipped', { orderId, carrier: 'DHL' }, orderId, at)]);
        }
      }
      if (i % 100 === 50) {
        const newPrice = p.price + 1 + (i % 13);
        await add(`product-${p.productId}`, [event('PriceChanged', { productId: p.productId, previousPrice: eur(p.price), price: eur(newPrice) }, p.productId, at)]);
        p.price = newPrice;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return events;
}
