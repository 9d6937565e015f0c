import { randomBytes, randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../../event-schemas';
import type { EventStore, NewEvent } from '../../event-store.port';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });

/**
 * A large history fast, for volume tests: long streams appended `perAppend` events at a time,
 * `concurrency` appends at once. Valid domain events of three contexts whose payloads vary per
 * event (stock receipts and corrections, price changes, customer renames), so an export or a
 * replay meets several types and shapes. Appends exactly `events` events; returns the count.
 */
export async function appendBulkHistory(
  store: EventStore<DomainEvent>,
  options: { events: number; perAppend?: number; concurrency?: number; recordedBy?: string },
): Promise<number> {
  const perAppend = options.perAppend ?? 1000;
  const appends: { streamId: string; events: NewEvent<DomainEvent>[] }[] = [];
  const run = randomBytes(3).toString('hex').toUpperCase(); // new streams on every call
  for (let start = 0, n = 0; start < options.events; start += perAppend, n += 1) {
    const count = Math.min(perAppend, options.events - start);
    appends.push(streamBatch(`${run}-${n.toString().padStart(5, '0')}`, n, count, options.recordedBy ?? 'bulk-loader'));
  }
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < appends.length; i = next++) {
      const { streamId, events } = appends[i]!;
      await store.append(streamId, events, 'no_stream');
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return options.events;
}

function streamBatch(name: string, n: number, count: number, subject: string): { streamId: string; events: NewEvent<DomainEvent>[] } {
  const id = randomUUID();
  const sku = `BULK-${name}`;
  const kind = n % 3;
  const occurredAt = new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();
  const events = Array.from({ length: count }, (_, i): NewEvent<DomainEvent> => {
    const metadata = { correlationId: id, causationId: id, actor: { subject, role: 'system' }, occurredAt };
    const base = { eventId: randomUUID(), metadata };
    if (kind === 0) {
      return i % 4 === 3
        ? { ...base, type: 'StockAdjusted', data: { sku, quantityDelta: -1 - (i % 5), reason: `count, "bin ${i % 7}", aisle ${i % 11}` } }
        : { ...base, type: 'StockReceived', data: { sku, quantity: 1 + (i % 50) } };
    }
    if (kind === 1) return { ...base, type: 'PriceChanged', data: { productId: id, previousPrice: eur(1000 + i), price: eur(1001 + i) } };
    return { ...base, type: 'CustomerDetailsChanged', data: { customerId: id, name: `Bulk Customer ${name}-${i}` } };
  });
  const prefix = kind === 0 ? `stock-${sku}` : kind === 1 ? `product-${id}` : `customer-${id}`;
  return { streamId: prefix, events };
}
