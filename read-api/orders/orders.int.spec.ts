import { randomUUID } from 'node:crypto';
import type { Position } from '../../platform/event-store/position';
import { startTestReadApi, type TestReadApi } from '../testing/read-api-harness';
import { newSku, ShopEvents } from '../testing/shop-events';

describe('Read API: orders', () => {
  let api: TestReadApi;
  let shop: ShopEvents;
  beforeAll(async () => {
    api = await startTestReadApi();
    shop = new ShopEvents(api);
  });
  afterAll(() => api?.close());

  const sku = newSku('MUG');
  const ada = randomUUID();
  const bob = randomUUID();
  let adaOrder: string;
  let last: Position;

  beforeAll(async () => {
    ({ orderId: adaOrder } = await shop.place(ada, [{ sku, quantity: 2, unitMinor: 450 }], '2026-03-01T10:00:00.000Z'));
    await shop.confirm(adaOrder);
    const bobs = await shop.place(bob, [{ sku, quantity: 1, unitMinor: 450 }], '2026-03-02T10:00:00.000Z');
    last = (await shop.cancel(bobs.orderId, 'Ordered twice')).position;
    await api.caughtUp(last);
  });

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
      expect(res.headers['x-projection-position'] >= last).toBe(true);
    });
  });
});
