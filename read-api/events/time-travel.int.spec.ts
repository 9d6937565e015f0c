import { randomUUID } from 'node:crypto';
import type { AppendResult } from '../../platform/event-store/event-store.port';
import { foldStockChanges, stockLevel } from '../../projections/read-models/stock-level.projection';
import { startTestReadApi, type CallOptions, type TestReadApi } from '../testing/read-api-harness';
import { newSku, ShopEvents } from '../testing/shop-events';
import { foldStreamAsOf } from './time-travel';

const pause = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Read API: time travel (asOf)', () => {
  let api: TestReadApi;
  let shop: ShopEvents;

  beforeAll(async () => {
    api = await startTestReadApi();
    shop = new ShopEvents(api);
  });
  afterAll(() => api?.close());

  /**
   * Lets the read model apply an append, reads the live route, and names the moment just after:
   * the store stamps recordedAt from the same clock, and the next append starts later still.
   */
  async function liveThen(route: string, appended: Pick<AppendResult, 'position'>, options?: CallOptions) {
    await api.caughtUp(appended.position);
    const live = await api.get(route, options);
    expect(live.status).toBe(200);
    await pause();
    const moment = new Date().toISOString();
    await pause();
    return { moment, body: live.body };
  }

  const asOf = (route: string, moment: string, options?: CallOptions) => api.get(`${route}?asOf=${encodeURIComponent(moment)}`, options);

  describe('GET /orders/{id}?asOf', () => {
    const customer = randomUUID();
    let orderId: string;
    let beforePlacing: string;
    let moments: { moment: string; body: { status: string } }[];

    beforeAll(async () => {
      await pause();
      beforePlacing = new Date().toISOString();
      await pause();
      const placed = await shop.place(customer, [{ sku: newSku('TEA'), quantity: 2, unitMinor: 450 }, { sku: newSku('MUG'), quantity: 1, unitMinor: 1200 }]);
      orderId = placed.orderId;
      const route = `/orders/${orderId}`;
      moments = [await liveThen(route, placed)];
      moments.push(await liveThen(route, await shop.confirm(orderId)));
      moments.push(await liveThen(route, await shop.cancel(orderId, 'Found it cheaper')));
    });

    it('answers, for each moment between placing, confirming and cancelling an order, exactly what the live route answered then', async () => {
      expect(moments.map((m) => m.body.status)).toEqual(['Pending', 'Confirmed', 'Cancelled']);
      for (const { moment, body } of moments) {
        const res = await asOf(`/orders/${orderId}`, moment);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(body);
      }
    });

    it('answers 404 ORDER_NOT_FOUND for a moment before the order was placed', async () => {
      const res = await asOf(`/orders/${orderId}`, beforePlacing);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'ORDER_NOT_FOUND', message: expect.stringContaining(new Date(beforePlacing).toISOString()) });
      expect((await asOf(`/orders/${randomUUID()}`, moments[2]!.moment)).body.code).toBe('ORDER_NOT_FOUND');
    });

    it('counts an event from the millisecond the store recorded it, by the store’s recordedAt clock', async () => {
      const events = await api.runtime.eventStore.readStream(`order-${orderId}`);
      const confirmedAt = Date.parse(events[1]!.metadata.recordedAt);
      expect((await asOf(`/orders/${orderId}`, new Date(confirmedAt).toISOString())).body.status).toBe('Confirmed');
      expect((await asOf(`/orders/${orderId}`, new Date(confirmedAt - 1).toISOString())).body.status).toBe('Pending');
    });

    it('accepts any ISO-8601 instant with an offset, and answers without the live route’s ETag and X-Projection-Position', async () => {
      const moment = new Date(Date.parse(moments[1]!.moment));
      const withOffset = new Date(moment.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      const res = await asOf(`/orders/${orderId}`, withOffset);
      expect(res.body).toEqual(moments[1]!.body);
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['x-projection-position']).toBeUndefined();
      expect((await api.get(`/orders/${orderId}`)).headers['x-projection-position']).toBeDefined();
    });

    it('keeps a customer to their own orders, as the live route does', async () => {
      expect((await asOf(`/orders/${orderId}`, moments[0]!.moment, { role: 'customer', subject: customer })).status).toBe(200);
      expect((await asOf(`/orders/${orderId}`, moments[0]!.moment, { role: 'customer', subject: randomUUID() })).status).toBe(403);
      expect((await asOf(`/orders/${orderId}`, moments[0]!.moment, { role: 'analyst' })).status).toBe(200);
    });
  });

  describe('GET /inventory/{sku}?asOf', () => {
    const sku = newSku('TIME');
    let beforeStock: string;
    let moments: { moment: string; body: Record<string, unknown> }[];

    beforeAll(async () => {
      await pause();
      beforeStock = new Date().toISOString();
      await pause();
      const route = `/inventory/${sku}`;
      const order = randomUUID();
      moments = [await liveThen(route, await shop.receive(sku, 10))];
      moments.push(await liveThen(route, await shop.reserve(sku, order, 4)));
      // Not handled by stock_level: neither the live row nor the fold may move on it.
      moments.push(
        await liveThen(
          route,
          await api.append(`stock-${sku}`, 'StockReservationRejected', { sku, orderId: randomUUID(), reservationId: `${randomUUID()}:reserve:${sku}`, quantity: 9, available: 6 }),
        ),
      );
      moments.push(await liveThen(route, await shop.lowStock(sku, 6, 8)));
      moments.push(await liveThen(route, await api.append(`stock-${sku}`, 'StockCommitted', { sku, orderId: order, reservationId: `${order}:reserve:${sku}`, quantity: 4 })));
    });

    it('answers, for each moment between stock changes, exactly what the live route answered then', async () => {
      expect(moments.map((m) => [m.body.onHand, m.body.reserved, m.body.lowStock, m.body.revision])).toEqual([
        [10, 0, false, 0], [10, 4, false, 1], [10, 4, false, 1], [10, 4, true, 3], [6, 0, true, 4],
      ]);
      for (const { moment, body } of moments) {
        const res = await asOf(`/inventory/${sku}`, moment, { role: 'operator' });
        expect(res.status).toBe(200);
        expect(res.body).toEqual(body);
      }
    });

    it('answers 404 UNKNOWN_SKU for a moment before any stock was recorded', async () => {
      const res = await asOf(`/inventory/${sku}`, beforeStock);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('UNKNOWN_SKU');
    });

    it('folds a long stream page by page into the same level as in one go', async () => {
      const store = api.runtime.eventStore;
      const now = new Date();
      const whole = await foldStreamAsOf(store, `stock-${sku}`, now, stockLevel.batch!.handles, foldStockChanges);
      const paged = await foldStreamAsOf(store, `stock-${sku}`, now, stockLevel.batch!.handles, foldStockChanges, 2);
      expect(paged).toEqual(whole);
      expect(whole).toMatchObject({ onHand: 6, reserved: 0, threshold: 8, last: 4 });
    });

    it('folds only an unbroken run of revisions from the first, never a state the stream never had', async () => {
      const other = newSku('GAP');
      await shop.receive(other, 5);
      await shop.receive(other, 7);
      await shop.receive(other, 11);
      // An out-of-order stamp, as an 'any' append that waited for the stream lock can leave: revision 1 looks recorded later than revision 2.
      await api.runtime.db.pool.query(`update eventstore.events set recorded_at = recorded_at + interval '1 hour' where stream_id = $1 and revision = 1`, [`stock-${other}`]);
      const change = await foldStreamAsOf(api.runtime.eventStore, `stock-${other}`, new Date(), stockLevel.batch!.handles, foldStockChanges, 2);
      expect(change).toMatchObject({ onHand: 5, last: 0 });
    });
  });

  describe('bad asOf values', () => {
    it.each([
      ['asOf=yesterday', 'query.asOf'],
      ['asOf=', 'query.asOf'],
      ['asOf=2026-13-01T00:00:00Z', 'query.asOf'],
      ['asOf=2026-02-30T00:00:00Z', 'query.asOf'],
      ['asOf=2026-03-01T10:00:00', 'query.asOf'],
      ['asOf=1772409600000', 'query.asOf'],
      [`asOf=${new Date(Date.now() + 3600_000).toISOString()}`, 'query.asOf'],
      ['as_of=2026-03-01T10:00:00Z', 'query.as_of'],
    ])('answers 400 for %s on both routes, naming %s', async (query, field) => {
      for (const route of [`/orders/${randomUUID()}`, `/inventory/${newSku()}`]) {
        const res = await api.get(`${route}?${query}`);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
    });

    it('says that a future asOf is refused and what to do instead', async () => {
      const res = await api.get(`/inventory/${newSku()}?asOf=${new Date(Date.now() + 3600_000).toISOString()}`);
      expect(res.body.errors[0].message).toBe('must not be in the future; omit asOf for the current state');
    });
  });
});
