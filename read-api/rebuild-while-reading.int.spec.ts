import { randomUUID } from 'node:crypto';
import { customerOrders } from '../projections/read-models/customer-orders.projection';
import { orderSummary } from '../projections/read-models/order-summary.projection';
import { productSearch } from '../projections/read-models/product-search.projection';
import { startTestReadApi, type TestReadApi } from './testing/read-api-harness';
import { newSku, ShopEvents } from './testing/shop-events';

describe('Read API during a rebuild', () => {
  let api: TestReadApi;
  beforeAll(async () => {
    api = await startTestReadApi();
  });
  afterAll(() => api?.close());

  it('keeps answering complete results while orders keep arriving and readers switch to the rebuilt generations', async () => {
    const shop = new ShopEvents(api);
    const customer = randomUUID();
    const orders: string[] = [];
    for (let i = 0; i < 40; i++) orders.push((await shop.place(customer, [{ sku: newSku(), quantity: 1, unitMinor: 100 + i }])).orderId);
    const product = await shop.product({ name: 'Sencha' });
    await api.caughtUp(product.position);

    const failures: string[] = [];
    let requests = 0;
    let reading = true;
    const check = async (route: string, ok: (body: any) => boolean) => {
      const res = await api.get(route, { role: 'operator' });
      requests++;
      if (res.status !== 200 || !ok(res.body)) failures.push(`${route}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    };
    const reader = async () => {
      while (reading) {
        await check(`/orders/${orders[requests % orders.length]}`, (b) => b.customerId === customer);
        await check(`/orders?customerId=${customer}&limit=100`, (b) => b.items.length === 40);
        await check(`/customers/${customer}/orders?limit=100`, (b) => b.items.length === 40);
        await check(`/products/${product.productId}`, (b) => b.name === 'Sencha');
      }
    };
    // Load: orders keep arriving while the new generations build and take over.
    let written = 0;
    const writer = async () => {
      while (reading) {
        await shop.place(randomUUID(), [{ sku: newSku(), quantity: 1, unitMinor: 250 }]);
        written++;
      }
    };
    const readers = [reader(), reader(), writer()];
    for (const projection of [orderSummary, customerOrders, productSearch]) await api.side.registry.addGeneration(projection);
    const deadline = Date.now() + 30_000;
    const switched = async () => {
      const lives = await Promise.all(['order_summary', 'customer_orders', 'product_search'].map((name) => api.side.registry.live(name)));
      return lives.every((g) => g?.generation === 2);
    };
    while (!(await switched()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // A few more rounds on the new generations, including the cached document targets expiring.
    await new Promise((r) => setTimeout(r, 1200));
    reading = false;
    await Promise.all(readers);
    expect(await switched()).toBe(true);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(20);
    expect(written).toBeGreaterThan(5);
  });
});
