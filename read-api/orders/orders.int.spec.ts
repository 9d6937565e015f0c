import { randomUUID } from 'node:crypto';
import { Position } from '../../platform/event-store/position';
import { startTestReadApi, type TestReadApi } from '../testing/read-api-harness';
import { newSku, ShopEvents } from '../testing/shop-events';

describe('Read API: orders', () => {
  let api: TestReadApi;
  let shop: ShopEvents;
  const sku = newSku('MUG');
  const ada = randomUUID();
  const bob = randomUUID();
  const carol = randomUUID();
  let adaOrder: string;
  let bobOrder: string;
  let carolOrders: string[];

  beforeAll(async () => {
    api = await startTestReadApi();
    shop = new ShopEvents(api);
    ({ orderId: adaOrder } = await shop.place(ada, [{ sku, quantity: 2, unitMinor: 450 }], '2026-03-01T10:00:00.000Z'));
    await shop.reserve(sku, adaOrder, 2);
    await shop.confirm(adaOrder);
    ({ orderId: bobOrder } = await shop.place(bob, [{ sku, quantity: 1, unitMinor: 450 }], '2026-03-02T10:00:00.000Z'));
    await shop.cancel(bobOrder, 'Ordered twice');
    // Carol's seven orders: two pairs share an instant, so pages must break ties by id.
    const instants = ['2026-04-01T08:00:00.000Z', '2026-04-02T08:00:00.000Z', '2026-04-02T08:00:00.000Z', '2026-04-03T08:00:00.000Z', '2026-04-04T08:00:00.000Z', '2026-04-04T08:00:00.000Z', '2026-04-05T08:00:00.000Z'];
    carolOrders = [];
    let last: Position = Position.START;
    for (const at of instants) {
      const placed = await shop.place(carol, [{ sku, quantity: 1, unitMinor: 100 }], at);
      carolOrders.push(placed.orderId);
      last = placed.position;
    }
    await api.caughtUp(last);
  });
  afterAll(() => api?.close());

  /** Follows `next` from the first page; returns every page's ids. */
  async function allPages(route: string, options: Parameters<TestReadApi['get']>[1] = {}): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const sep = route.includes('?') ? '&' : '?';
      const res: { status: number; body: any } = await api.get(`${route}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, options);
      expect(res.status).toBe(200);
      pages.push(res.body.items.map((o: { id: string }) => o.id));
      cursor = res.body.next;
    } while (cursor && pages.length < 50);
    return pages;
  }

  describe('GET /orders/{id}', () => {
    it('answers the order with its lines, total, revision and status, the revision in ETag and the position in X-Projection-Position', async () => {
      const res = await api.get(`/orders/${adaOrder}`, { role: 'operator' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: adaOrder, customerId: ada, status: 'Confirmed',
        lines: [{ sku, quantity: 2, unitPrice: { amountMinor: 450, currency: 'EUR' } }],
        total: { amountMinor: 900, currency: 'EUR' }, revision: 1,
        placedAt: '2026-03-01T10:00:00.000Z', updatedAt: expect.any(String), reason: null, carrier: null,
        confirmedAt: expect.any(String), shippedAt: null, deliveredAt: null, closedAt: null,
      });
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers['x-projection-position']).toMatch(/^[0-9a-f]{32}$/);
    });

    it('shows why a cancelled order closed', async () => {
      const res = await api.get(`/orders/${bobOrder}`, { role: 'customer', subject: bob });
      expect(res.body).toMatchObject({ status: 'Cancelled', reason: 'Ordered twice', closedAt: expect.any(String), revision: 1 });
    });

    it('lets a customer read their own order and refuses another customer’s with 403', async () => {
      expect((await api.get(`/orders/${adaOrder}`, { role: 'customer', subject: ada })).status).toBe(200);
      const other = await api.get(`/orders/${adaOrder}`, { role: 'customer', subject: bob });
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ code: 'FORBIDDEN', message: 'A customer may read only their own orders' });
    });

    it('lets analysts and auditors read every order', async () => {
      expect((await api.get(`/orders/${adaOrder}`, { role: 'analyst' })).status).toBe(200);
      expect((await api.get(`/orders/${adaOrder}`, { role: 'auditor' })).status).toBe(200);
    });

    it('answers 404 ORDER_NOT_FOUND for an unknown order, 400 naming path.id for a malformed id, 401 without a token', async () => {
      const unknown = await api.get(`/orders/${randomUUID()}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND', requestId: expect.any(String) });
      const bad = await api.get('/orders/not-an-id');
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'path.id', message: 'must be a UUID' }]);
      const anonymous = await api.get(`/orders/${adaOrder}`, { role: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('GET /orders', () => {
    it('lists newest first and pages through every order exactly once, ties broken by id', async () => {
      const pages = await allPages(`/orders?customerId=${carol}&limit=3`);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      const seen = pages.flat();
      expect(new Set(seen).size).toBe(7);
      expect([...seen].sort()).toEqual([...carolOrders].sort());
      const listed = (await api.get(`/orders?customerId=${carol}&limit=100`)).body.items;
      const keys = listed.map((o: { placedAt: string; id: string }) => `${o.placedAt}|${o.id}`);
      expect(keys).toEqual([...keys].sort().reverse());
      expect(seen).toEqual(listed.map((o: { id: string }) => o.id));
    });

    it('does not shift a page when an order is placed while paging', async () => {
      const first = await api.get(`/orders?customerId=${carol}&limit=4`);
      const newer = await shop.place(carol, [{ sku, quantity: 1, unitMinor: 100 }], '2026-05-01T08:00:00.000Z');
      const second = await api.get(`/orders?customerId=${carol}&limit=4&cursor=${encodeURIComponent(first.body.next)}`, { headers: { 'x-min-position': newer.position } });
      const ids = [...first.body.items, ...second.body.items].map((o: { id: string }) => o.id);
      expect(ids).not.toContain(newer.orderId);
      expect([...ids].sort()).toEqual([...carolOrders].sort());
      expect(second.body.next).toBeNull();
    });

    it('filters by status and by a placement window [from, to)', async () => {
      const cancelled = await api.get('/orders?status=Cancelled');
      expect(cancelled.body.items.map((o: { id: string }) => o.id)).toEqual([bobOrder]);
      const window = await api.get(`/orders?customerId=${carol}&from=2026-04-02T08:00:00Z&to=2026-04-04T08:00:00.000Z`);
      expect(window.body.items.map((o: { id: string }) => o.id).sort()).toEqual(carolOrders.slice(1, 4).sort());
    });

    it('keeps a customer to their own orders, and refuses a customer naming someone else with 403', async () => {
      const mine = await api.get('/orders', { role: 'customer', subject: ada });
      expect(mine.body.items.map((o: { customerId: string }) => o.customerId)).toEqual([ada]);
      expect((await api.get(`/orders?customerId=${ada}`, { role: 'customer', subject: ada })).status).toBe(200);
      expect((await api.get(`/orders?customerId=${bob}`, { role: 'customer', subject: ada })).status).toBe(403);
    });

    it.each([
      ['status=Lost', 'query.status'],
      ['limit=0', 'query.limit'],
      ['limit=101', 'query.limit'],
      ['limit=ten', 'query.limit'],
      ['from=yesterday', 'query.from'],
      ['to=2026-13-01T00:00:00Z', 'query.to'],
      ['from=2026-04-05T00:00:00Z&to=2026-04-01T00:00:00Z', 'query.to'],
      ['customerId=42', 'query.customerId'],
      ['cursor=bm90LWEtY3Vyc29y.xyz', 'query.cursor'],
      ['colour=red', 'query.colour'],
    ])('answers 400 for %s, naming %s', async (query, field) => {
      const res = await api.get(`/orders?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it('refuses a cursor taken from another listing', async () => {
      const page = await api.get(`/orders?customerId=${carol}&limit=2`);
      const res = await api.get(`/orders?status=Pending&limit=2&cursor=${encodeURIComponent(page.body.next)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_CURSOR', errors: [{ field: 'query.cursor' }] });
    });
  });

  describe('GET /orders/{id}/timeline', () => {
    it('shows auditors every event that touched the order, across streams, in order, with actor and correlation', async () => {
      const res = await api.get(`/orders/${adaOrder}/timeline`, { role: 'auditor' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ orderId: adaOrder, customerId: ada, status: 'Confirmed' });
      expect(res.body.entries.map((e: { type: string }) => e.type)).toEqual(['OrderPlaced', 'StockReserved', 'OrderConfirmed']);
      expect(res.body.entries[0]).toMatchObject({ streamId: `order-${adaOrder}`, actor: { subject: ada, role: 'customer' }, correlationId: adaOrder });
      expect(res.body.entries[1]).toMatchObject({ streamId: `stock-${sku}`, summary: `Reserved 2 × ${sku} until ${res.body.entries[1].data.expiresAt}` });
    });

    it('is for auditors and admins only, and 404 for an unknown order', async () => {
      expect((await api.get(`/orders/${adaOrder}/timeline`, { role: 'admin' })).status).toBe(200);
      expect((await api.get(`/orders/${adaOrder}/timeline`, { role: 'operator' })).status).toBe(403);
      expect((await api.get(`/orders/${adaOrder}/timeline`, { role: 'customer', subject: ada })).status).toBe(403);
      expect((await api.get(`/orders/${randomUUID()}/timeline`, { role: 'auditor' })).body.code).toBe('ORDER_NOT_FOUND');
    });
  });

  describe('GET /customers/{id}/orders', () => {
    it('pages through a customer’s history newest first, each order once', async () => {
      const pages = await allPages(`/customers/${carol}/orders?limit=3`, { role: 'customer', subject: carol });
      const seen = pages.flat();
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(carolOrders));
      const first = await api.get(`/customers/${carol}/orders?limit=1`, { role: 'operator' });
      expect(first.body.items[0]).toMatchObject({ status: 'Pending', total: { amountMinor: 100, currency: 'EUR' }, lines: [{ sku, quantity: 1 }], revision: 0 });
    });

    it('shows each order’s current status', async () => {
      const res = await api.get(`/customers/${ada}/orders`, { role: 'customer', subject: ada });
      expect(res.body).toEqual({ items: [expect.objectContaining({ id: adaOrder, status: 'Confirmed', placedAt: '2026-03-01T10:00:00.000Z' })], next: null });
    });

    it('is for the customer themself, operators and admins', async () => {
      expect((await api.get(`/customers/${ada}/orders`, { role: 'customer', subject: bob })).status).toBe(403);
      expect((await api.get(`/customers/${ada}/orders`, { role: 'analyst' })).status).toBe(403);
      expect((await api.get(`/customers/${ada}/orders`, { role: 'admin' })).status).toBe(200);
    });

    it('answers 400 naming a bad id, limit or cursor', async () => {
      expect((await api.get('/customers/nobody/orders')).body.errors).toEqual([{ field: 'path.id', message: 'must be a UUID' }]);
      expect((await api.get(`/customers/${ada}/orders?limit=500`)).body.errors.map((e: { field: string }) => e.field)).toEqual(['query.limit']);
      expect((await api.get(`/customers/${ada}/orders?cursor=abc.def`)).body.errors.map((e: { field: string }) => e.field)).toEqual(['query.cursor']);
    });
  });
});
