import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { Shop } from '../../test/shop';
import { startTestWriteApi, type TestWriteApi } from '../../test/write-api-harness';

const metadata = { correlationId: 'other-process', causationId: 'other-process', actor: { subject: 'ops-elsewhere', role: 'operator' }, occurredAt: new Date().toISOString() };

/** What another write API process on the same database would append: this process never sees it happen. */
async function appendElsewhere(store: EventStore, productId: string, type: string, data: unknown): Promise<void> {
  const head = await store.streamHead(`product-${productId}`);
  await store.append(`product-${productId}`, [{ eventId: randomUUID(), type, data, metadata }], head!.revision);
}

describe('POST /orders', () => {
  let api: TestWriteApi;
  let shop: Shop;
  beforeAll(async () => {
    api = await startTestWriteApi();
    shop = new Shop(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  async function productId(sku: string): Promise<string> {
    const { rows } = await api.runtime.db.pool.query<{ owner: string }>(`select owner from uniqueness.claims where scope = 'sku' and value = $1`, [sku]);
    return rows[0]!.owner;
  }

  async function linesOf(orderId: string) {
    const [placed] = await api.runtime.eventStore.readStream(`order-${orderId}`);
    return (placed!.data as { lines: unknown[] }).lines;
  }

  it('copies the current price into each line, also right after a price change here or in another process', async () => {
    const sku = await shop.product({ priceMinor: 1000 });
    const customer = await shop.customer();
    expect(await linesOf(await shop.order(customer, [{ sku, quantity: 2 }]))).toEqual([{ sku, quantity: 2, unitPrice: { amountMinor: 1000, currency: 'EUR' } }]);

    const id = await productId(sku);
    expect((await api.call('POST', `/products/${id}/price`, { body: { price: { amountMinor: 1200, currency: 'EUR' } } })).status).toBe(200);
    expect(await linesOf(await shop.order(customer, [{ sku, quantity: 1 }]))).toEqual([{ sku, quantity: 1, unitPrice: { amountMinor: 1200, currency: 'EUR' } }]);

    const previousPrice = { amountMinor: 1200, currency: 'EUR' };
    await appendElsewhere(api.runtime.eventStore, id, 'PriceChanged', { productId: id, previousPrice, price: { amountMinor: 1300, currency: 'EUR' } });
    expect(await linesOf(await shop.order(customer, [{ sku, quantity: 1 }]))).toEqual([{ sku, quantity: 1, unitPrice: { amountMinor: 1300, currency: 'EUR' } }]);
  });

  it('refuses a product discontinued in another process with 422 PRODUCT_DISCONTINUED, and appends nothing', async () => {
    const sku = await shop.product();
    const customer = await shop.customer();
    await shop.order(customer, [{ sku, quantity: 1 }]);
    const id = await productId(sku);
    await appendElsewhere(api.runtime.eventStore, id, 'ProductDiscontinued', { productId: id });
    const before = await api.eventCount();
    const res = await api.call('POST', '/orders', { role: 'customer', subject: customer, body: { customerId: customer, lines: [{ sku, quantity: 1 }], payment: { token: 'tok_visa' } } });
    expect(res).toMatchObject({ status: 422, body: { code: 'PRODUCT_DISCONTINUED' } });
    expect(await api.eventCount()).toBe(before);
  });

  it('refuses an unknown SKU and an unknown customer with 422, and appends nothing', async () => {
    const sku = await shop.product();
    const customer = await shop.customer();
    const stranger = randomUUID();
    const before = await api.eventCount();
    const place = (customerId: string, lineSku: string) =>
      api.call('POST', '/orders', { role: 'customer', subject: customerId, body: { customerId, lines: [{ sku: lineSku, quantity: 1 }], payment: { token: 'tok_visa' } } });
    expect(await place(customer, 'NO-SUCH-SKU')).toMatchObject({ status: 422, body: { code: 'UNKNOWN_SKU' } });
    expect(await place(stranger, sku)).toMatchObject({ status: 422, body: { code: 'UNKNOWN_CUSTOMER' } });
    expect(await api.eventCount()).toBe(before);
  });

  it('places one order for two racing requests with the same Idempotency-Key, and replays it after', async () => {
    const sku = await shop.product();
    const customer = await shop.customer();
    const request = () =>
      api.call('POST', '/orders', {
        role: 'customer',
        subject: customer,
        body: { customerId: customer, lines: [{ sku, quantity: 1 }], payment: { token: 'tok_visa' } },
        headers: { 'idempotency-key': key },
      });
    const key = randomUUID();
    const [a, b] = await Promise.all([request(), request()]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.body).toEqual(a.body);
    expect(await api.runtime.eventStore.readStream(`order-${a.body.id}`)).toHaveLength(1);
    const again = await request();
    expect(again.body).toEqual(a.body);
    expect(await api.runtime.eventStore.readStream(`order-${a.body.id}`)).toHaveLength(1);
  });
});
