import { randomUUID } from 'node:crypto';
import type { AppendResult } from '../../platform/event-store/event-store.port';
import type { TestReadApi } from './read-api-harness';

let counter = 0;

/** A SKU no other test uses (SKUs are global across the database). */
export const newSku = (prefix = 'SKU') => `${prefix}-${process.pid}-${(counter++).toString(36).toUpperCase()}`;

export interface Line {
  sku: string;
  quantity: number;
  unitMinor: number;
}

/**
 * Writes the events the write side would for a shop's products, stock and orders, so the real
 * projector builds the read models from them. Each call returns the append's position.
 */
export class ShopEvents {
  constructor(private readonly api: TestReadApi) {}

  async product(input: { sku?: string; name?: string; description?: string; category?: string; priceMinor?: number } = {}) {
    const productId = randomUUID();
    const sku = input.sku ?? newSku();
    const appended = await this.api.append(`product-${productId}`, 'ProductDefined', {
      productId, sku, name: input.name ?? `Product ${sku}`, description: input.description ?? 'A test product',
      category: input.category ?? 'test', price: { amountMinor: input.priceMinor ?? 1000, currency: 'EUR' },
    });
    return { productId, sku, position: appended.position };
  }

  changePrice(productId: string, fromMinor: number, toMinor: number): Promise<AppendResult> {
    return this.api.append(`product-${productId}`, 'PriceChanged', {
      productId, previousPrice: { amountMinor: fromMinor, currency: 'EUR' }, price: { amountMinor: toMinor, currency: 'EUR' },
    });
  }

  discontinue(productId: string): Promise<AppendResult> {
    return this.api.append(`product-${productId}`, 'ProductDiscontinued', { productId });
  }

  receive(sku: string, quantity: number): Promise<AppendResult> {
    return this.api.append(`stock-${sku}`, 'StockReceived', { sku, quantity });
  }

  reserve(sku: string, orderId: string, quantity: number): Promise<AppendResult> {
    return this.api.append(`stock-${sku}`, 'StockReserved', {
      sku, orderId, quantity, reservationId: `${orderId}:reserve:${sku}`, expiresAt: new Date(Date.now() + 900_000).toISOString(),
    });
  }

  lowStock(sku: string, available: number, threshold: number): Promise<AppendResult> {
    return this.api.append(`stock-${sku}`, 'LowStockDetected', { sku, available, threshold });
  }

  async place(customerId: string, lines: Line[], placedAt = new Date().toISOString()) {
    const orderId = randomUUID();
    const total = lines.reduce((sum, l) => sum + l.unitMinor * l.quantity, 0);
    const appended = await this.api.append(
      `order-${orderId}`,
      'OrderPlaced',
      {
        orderId, customerId, paymentToken: 'tok_visa',
        lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: { amountMinor: l.unitMinor, currency: 'EUR' as const } })),
        total: { amountMinor: total, currency: 'EUR' },
      },
      { occurredAt: placedAt, actor: { subject: customerId, role: 'customer' } },
    );
    return { orderId, position: appended.position };
  }

  confirm(orderId: string): Promise<AppendResult> {
    return this.api.append(`order-${orderId}`, 'OrderConfirmed', { orderId });
  }

  cancel(orderId: string, reason = 'Changed my mind'): Promise<AppendResult> {
    return this.api.append(`order-${orderId}`, 'OrderCancelled', { orderId, reason });
  }

  reject(orderId: string): Promise<AppendResult> {
    return this.api.append(`order-${orderId}`, 'OrderRejected', { orderId, reason: 'paymentDeclined' });
  }

  ship(orderId: string, carrier = 'DHL'): Promise<AppendResult> {
    return this.api.append(`order-${orderId}`, 'OrderShipped', { orderId, carrier });
  }
}
