import { randomUUID } from 'node:crypto';
import { startTestReadApi, type TestReadApi } from '../testing/read-api-harness';
import { newSku, ShopEvents } from '../testing/shop-events';

const settled = <T>(promise: Promise<T>) => {
  const state = { done: false };
  void promise.finally(() => (state.done = true));
  return state;
};

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Read your writes (X-Min-Position)', () => {
  describe('with the default wait bound', () => {
    let api: TestReadApi;
    let shop: ShopEvents;
    beforeAll(async () => {
      api = await startTestReadApi();
      shop = new ShopEvents(api);
    });
    afterAll(() => api?.close());

    it('holds the request until the projection has applied the position, then answers the new state', async () => {
      await api.stopProjector();
      const customer = randomUUID();
      const placed = await shop.place(customer, [{ sku: newSku(), quantity: 1, unitMinor: 250 }]);
      const pending = api.get(`/orders/${placed.orderId}`, { role: 'customer', subject: customer, headers: { 'x-min-position': placed.position } });
      const state = settled(pending);
      await new Promise((r) => setTimeout(r, 300));
      expect(state.done).toBe(false);
      await api.startProjector();
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: placed.orderId, status: 'Pending' });
      expect(String(res.headers['x-projection-position']) >= placed.position).toBe(true);
    });

    it('sees every write it waits for, on each kind of read model', async () => {
      const customer = randomUUID();
      const product = await shop.product({ name: 'Oolong', category: 'tea' });
      const placed = await shop.place(customer, [{ sku: product.sku, quantity: 1, unitMinor: 1000 }]);
      const received = await shop.receive(product.sku, 7);
      const wait = { 'x-min-position': received.position };
      expect((await api.get(`/products/${product.productId}`, { headers: wait })).body.name).toBe('Oolong');
      expect((await api.get(`/customers/${customer}/orders`, { headers: wait })).body.items).toEqual([expect.objectContaining({ id: placed.orderId })]);
      expect((await api.get(`/orders/${placed.orderId}/timeline`, { headers: wait })).body.entries).toHaveLength(1);
      expect((await api.get(`/inventory/${product.sku}`, { headers: wait })).body.available).toBe(7);
    });

    it('never answers 404 for an order read with the position its placement answered, 200 times in a row', async () => {
      const statuses = new Map<number, number>();
      for (let i = 0; i < 200; i++) {
        const customer = randomUUID();
        const placed = await shop.place(customer, [{ sku: newSku(), quantity: 1, unitMinor: 100 }]);
        const res = await api.get(`/orders/${placed.orderId}`, { role: 'customer', subject: customer, headers: { 'x-min-position': placed.position } });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
      expect(Object.fromEntries(statuses)).toEqual({ 200: 200 });
    });

    it('never reports in X-Projection-Position more than the answer reflects, while the order keeps changing', async () => {
      const customer = randomUUID();
      const placed = await shop.place(customer, [{ sku: newSku(), quantity: 1, unitMinor: 100 }]);
      const revisionAt = new Map<string, number>([[placed.position, 0]]);
      const writing = (async () => {
        for (let revision = 1; revision <= 60; revision++) {
          const appended = await api.append(`order-${placed.orderId}`, 'OrderConfirmed', { orderId: placed.orderId });
          revisionAt.set(appended.position, revision);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const answers: { position: string; revision: number }[] = [];
      let writingDone = false;
      void writing.finally(() => (writingDone = true));
      while (!writingDone) {
        const res = await api.get(`/orders/${placed.orderId}`);
        if (res.status === 200) answers.push({ position: String(res.headers['x-projection-position']), revision: res.body.revision as number });
      }
      await writing;
      expect(answers.length).toBeGreaterThan(0);
      for (const answer of answers) {
        // Every event of the order at or before the reported position is in the answer.
        const covered = [...revisionAt].filter(([position]) => position <= answer.position).map(([, revision]) => revision);
        expect(answer.revision).toBeGreaterThanOrEqual(Math.max(-1, ...covered));
      }
    });

    it('answers 400 naming the header when it is not a position', async () => {
      for (const value of ['42', 'G'.repeat(32), '']) {
        const res = await api.get(`/orders/${randomUUID()}`, { headers: { 'x-min-position': value } });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'INVALID_POSITION', errors: [{ field: 'header.x-min-position' }] });
      }
    });

    it('answers 503 at once when the projection has stopped on a dead letter before the position', async () => {
      const sku = newSku('HUGE');
      // More units than the read model's integer column holds: the stock_level handler fails on it.
      const poisoned = await shop.receive(sku, 3_000_000_000);
      await until(() => api.side.registry.live('stock_level'), (g) => g?.state === 'stopped');
      const res = await api.get(`/inventory/${sku}`, { headers: { 'x-min-position': poisoned.position } });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'PROJECTION_NOT_CAUGHT_UP', projection: 'stock_level', state: 'stopped', wantedPosition: poisoned.position });
      expect(res.body.currentPosition < poisoned.position).toBe(true);
      expect(res.headers['retry-after']).toBeDefined();
      // Other read models are not held back by it.
      expect((await api.get('/products/search', { headers: { 'x-min-position': poisoned.position } })).status).toBe(200);
    });
  });

  describe('with a tiny wait bound', () => {
    let api: TestReadApi;
    beforeAll(async () => {
      api = await startTestReadApi({ readWaitTimeoutMs: 150 });
    });
    afterAll(() => api?.close());

    it('answers 503 PROJECTION_NOT_CAUGHT_UP with the projection’s current position and Retry-After when it does not get there in time', async () => {
      const shop = new ShopEvents(api);
      const before = await shop.place(randomUUID(), [{ sku: newSku(), quantity: 1, unitMinor: 100 }]);
      await api.caughtUp(before.position);
      await api.stopProjector();
      const later = await shop.place(randomUUID(), [{ sku: newSku(), quantity: 1, unitMinor: 100 }]);
      const res = await api.get(`/orders/${later.orderId}`, { headers: { 'x-min-position': later.position } });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'PROJECTION_NOT_CAUGHT_UP', projection: 'order_summary', wantedPosition: later.position, currentPosition: before.position });
      expect(res.body.message).toContain('retry');
      expect(res.headers['retry-after']).toBe('1');
      // Without the header the current state is served at once: the order is simply not there yet.
      expect((await api.get(`/orders/${later.orderId}`)).status).toBe(404);
    });
  });
});
