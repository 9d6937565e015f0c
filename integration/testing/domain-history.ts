import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../event-schemas';
import type { AppendResult, EventStore, NewEvent } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';

/**
 * Writes real domain events the way the write side would (valid payloads, metadata), without
 * running the write side: the relay and the bus only ever see the event store.
 */
export class DomainHistory {
  private n = 0;
  /** Position of the last append: what a consumer must have reached to have seen everything written so far. */
  last: Position = Position.START;

  constructor(private readonly store: EventStore) {}

  async append(streamId: string, events: DomainEvent[], correlationId = streamId): Promise<AppendResult> {
    const batch = events.map(
      (event): NewEvent =>
        ({
          ...event,
          eventId: randomUUID(),
          metadata: { correlationId, causationId: `cmd-${this.n++}`, actor: { subject: 'test', role: 'system' }, occurredAt: new Date().toISOString() },
        }) as NewEvent,
    );
    const result = await this.store.append(streamId, batch, 'any');
    this.last = result.position;
    return result;
  }

  async customer(name = 'Ada Lovelace'): Promise<{ customerId: string; email: string }> {
    const customerId = randomUUID();
    const email = `c-${customerId.slice(0, 8)}@example.com`;
    await this.append(`customer-${customerId}`, [{ type: 'CustomerRegistered', data: { customerId, email, name } }]);
    return { customerId, email };
  }

  async placeOrder(customerId: string, orderId: string = randomUUID()): Promise<string> {
    const line = { sku: 'TEA-GREEN-100', quantity: 2, unitPrice: { amountMinor: 450, currency: 'EUR' as const } };
    await this.append(`order-${orderId}`, [{ type: 'OrderPlaced', data: { orderId, customerId, lines: [line], total: { amountMinor: 900, currency: 'EUR' }, paymentToken: 'tok_visa' } }], orderId);
    return orderId;
  }

  confirm(orderId: string): Promise<AppendResult> {
    return this.append(`order-${orderId}`, [{ type: 'OrderConfirmed', data: { orderId } }], orderId);
  }

  ship(orderId: string, carrier = 'DHL'): Promise<AppendResult> {
    return this.append(`order-${orderId}`, [{ type: 'OrderShipped', data: { orderId, carrier } }], orderId);
  }

  reject(orderId: string): Promise<AppendResult> {
    return this.append(`order-${orderId}`, [{ type: 'OrderRejected', data: { orderId, reason: 'paymentDeclined' } }], orderId);
  }

  /** Internal events the relay reads past without publishing anything. */
  stockReceived(sku = 'TEA-GREEN-100'): Promise<AppendResult> {
    return this.append(`stock-${sku}`, [{ type: 'StockReceived', data: { sku, quantity: 10 } }]);
  }
}
