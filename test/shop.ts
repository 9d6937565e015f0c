import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../platform/event-store/event-store.port';
import type { TestWriteApi } from './write-api-harness';

let counter = 0;

/** Drives the write API the way a shop's clients would, for the scenario tests. */
export class Shop {
  constructor(readonly api: TestWriteApi) {}

  async product(options: { stock?: number; priceMinor?: number } = {}): Promise<string> {
    const sku = `SKU-${process.pid}-${Date.now().toString(36).toUpperCase()}-${counter++}`;
    const res = await this.api.call('POST', '/products', {
      body: { sku, name: `Product ${sku}`, description: 'Test product', category: 'test', price: { amountMinor: options.priceMinor ?? 1000, currency: 'EUR' } },
    });
    if (res.status !== 201) throw new Error(`defining ${sku} failed: ${JSON.stringify(res.body)}`);
    if (options.stock) await this.api.call('POST', `/inventory/${sku}/receipts`, { body: { quantity: options.stock } });
    return sku;
  }

  async customer(): Promise<string> {
    const customerId = randomUUID();
    const res = await this.api.call('POST', '/customers', { role: 'customer', subject: customerId, body: { email: `c-${customerId}@example.com`, name: 'Test Customer' } });
    if (res.status !== 201) throw new Error(`registering a customer failed: ${JSON.stringify(res.body)}`);
    return customerId;
  }

  async order(customerId: string, lines: { sku: string; quantity: number }[], token = 'tok_visa'): Promise<string> {
    const res = await this.api.call('POST', '/orders', { role: 'customer', subject: customerId, body: { customerId, lines, payment: { token } } });
    if (res.status !== 202) throw new Error(`placing an order failed: ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  events(streamId: string): Promise<RecordedEvent[]> {
    return this.api.runtime.eventStore.readStream(streamId);
  }

  async types(streamId: string): Promise<string[]> {
    return (await this.events(streamId)).map((e) => e.type);
  }

  /** Waits until the stream holds an event of one of the types; returns the stream's types. */
  async waitFor(streamId: string, types: string[], timeoutMs = 20_000): Promise<string[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const seen = await this.types(streamId);
      if (seen.some((t) => types.includes(t))) return seen;
      if (Date.now() > end) throw new Error(`${streamId} has ${JSON.stringify(seen)}, still no ${types.join(' or ')} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Waits until the order's fulfilment is finished (completed or compensated). */
  waitForFulfilment(orderId: string, timeoutMs?: number): Promise<string[]> {
    return this.waitFor(`fulfilment-${orderId}`, ['FulfilmentCompleted', 'FulfilmentCompensated'], timeoutMs);
  }
}
