import { randomUUID } from 'node:crypto';
import { startTestReadApi, type TestReadApi } from '../testing/read-api-harness';
import { newSku, ShopEvents } from '../testing/shop-events';

describe('Read API: inventory', () => {
  let api: TestReadApi;
  const plenty = newSku('PLENTY');
  const few = newSku('FEW');
  const custom = newSku('CUSTOM');
  const edge = newSku('EDGE');

  beforeAll(async () => {
    api = await startTestReadApi();
    const shop = new ShopEvents(api);
    await shop.receive(plenty, 20);
    await shop.reserve(plenty, randomUUID(), 3);
    await shop.receive(few, 4);
    await shop.receive(custom, 10);
    await shop.lowStock(custom, 10, 12);
    await api.caughtUp((await shop.receive(edge, 5)).position);
  });
  afterAll(() => api?.close());

  describe('GET /inventory/{sku}', () => {
    it('answers on hand, reserved and available units with the threshold in force, to any role', async () => {
      const res = await api.get(`/inventory/${plenty}`, { role: 'customer', subject: randomUUID() });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ sku: plenty, onHand: 20, reserved: 3, available: 17, lowStockThreshold: 5, lowStock: false, revision: 1, updatedAt: expect.any(String) });
      expect((await api.get(`/inventory/${custom}`)).body).toMatchObject({ available: 10, lowStockThreshold: 12, lowStock: true });
    });

    it('answers 404 UNKNOWN_SKU for a SKU without stock and 400 naming path.sku for a malformed one', async () => {
      expect((await api.get('/inventory/NEVER-SEEN')).body).toMatchObject({ status: 404, code: 'UNKNOWN_SKU' });
      const bad = await api.get('/inventory/lower-case');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['path.sku']);
    });
  });

  describe('GET /inventory/low-stock', () => {
    it('lists SKUs at or below their threshold, the furthest below first', async () => {
      const res = await api.get('/inventory/low-stock', { role: 'operator' });
      expect(res.status).toBe(200);
      expect(res.body.items.map((s: { sku: string }) => s.sku)).toEqual([custom, few, edge]);
      expect(res.body.next).toBeNull();
    });

    it('pages through the list, each SKU once', async () => {
      const first = await api.get('/inventory/low-stock?limit=2', { role: 'operator' });
      const second = await api.get(`/inventory/low-stock?limit=2&cursor=${encodeURIComponent(first.body.next)}`, { role: 'operator' });
      expect([...first.body.items, ...second.body.items].map((s: { sku: string }) => s.sku)).toEqual([custom, few, edge]);
      expect(second.body.next).toBeNull();
    });

    it('is for operators and admins, and answers 400 naming a bad limit or cursor', async () => {
      expect((await api.get('/inventory/low-stock', { role: 'customer' })).status).toBe(403);
      expect((await api.get('/inventory/low-stock', { role: 'analyst' })).status).toBe(403);
      expect((await api.get('/inventory/low-stock?limit=-3', { role: 'admin' })).body.errors.map((e: { field: string }) => e.field)).toEqual(['query.limit']);
      expect((await api.get('/inventory/low-stock?cursor=WzAsIngiXQ.abc', { role: 'admin' })).body.errors.map((e: { field: string }) => e.field)).toEqual(['query.cursor']);
    });
  });
});
