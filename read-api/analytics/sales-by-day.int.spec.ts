import { randomUUID } from 'node:crypto';
import { startTestReadApi, type TestReadApi } from '../testing/read-api-harness';
import { newSku, ShopEvents } from '../testing/shop-events';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

describe('Read API: GET /analytics/sales-by-day', () => {
  let api: TestReadApi;
  const sku = newSku('TEA');
  const placedToday = new Date().toISOString();

  beforeAll(async () => {
    api = await startTestReadApi();
    const shop = new ShopEvents(api);
    const customer = randomUUID();
    const kept = await shop.place(customer, [{ sku, quantity: 2, unitMinor: 500 }], '2026-02-01T09:00:00.000Z');
    await shop.confirm(kept.orderId);
    const cancelled = await shop.place(customer, [{ sku, quantity: 1, unitMinor: 500 }], '2026-02-01T23:59:59.000Z');
    await shop.confirm(cancelled.orderId);
    await shop.cancel(cancelled.orderId);
    const rejected = await shop.place(customer, [{ sku, quantity: 1, unitMinor: 700 }], '2026-02-02T00:00:00.000Z');
    await shop.reject(rejected.orderId);
    const today = await shop.place(customer, [{ sku, quantity: 1, unitMinor: 300 }], placedToday);
    await api.caughtUp(today.position);
  });
  afterAll(() => api?.close());

  it('answers orders and revenue per day of placement, and totals for the range', async () => {
    const res = await api.get('/analytics/sales-by-day?from=2026-02-01&to=2026-02-02', { role: 'analyst' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-02-01',
      to: '2026-02-02',
      days: [
        { day: '2026-02-01', currency: 'EUR', ordersPlaced: 2, ordersConfirmed: 2, ordersRejected: 0, ordersCancelled: 1, placed: eur(1500), revenue: eur(1000) },
        { day: '2026-02-02', currency: 'EUR', ordersPlaced: 1, ordersConfirmed: 0, ordersRejected: 1, ordersCancelled: 0, placed: eur(700), revenue: eur(0) },
      ],
      totals: [{ currency: 'EUR', ordersPlaced: 3, ordersConfirmed: 2, ordersRejected: 1, ordersCancelled: 1, placed: eur(2200), revenue: eur(1000) }],
    });
  });

  it('includes both ends of the range and nothing outside it', async () => {
    const res = await api.get('/analytics/sales-by-day?from=2026-02-02&to=2026-02-02', { role: 'admin' });
    expect(res.body.days.map((d: { day: string }) => d.day)).toEqual(['2026-02-02']);
    const empty = await api.get('/analytics/sales-by-day?from=2025-01-01&to=2025-01-31', { role: 'admin' });
    expect(empty.body).toMatchObject({ days: [], totals: [] });
  });

  it('defaults to the 30 days up to today', async () => {
    const res = await api.get('/analytics/sales-by-day', { role: 'analyst' });
    const today = new Date().toISOString().slice(0, 10);
    expect(res.body.to).toBe(today);
    expect((Date.parse(res.body.to) - Date.parse(res.body.from)) / 86_400_000).toBe(29);
    expect(res.body.days).toEqual([expect.objectContaining({ day: placedToday.slice(0, 10), ordersPlaced: 1, placed: eur(300) })]);
  });

  it('is for analysts and admins', async () => {
    expect((await api.get('/analytics/sales-by-day', { role: 'operator' })).status).toBe(403);
    expect((await api.get('/analytics/sales-by-day', { role: 'customer' })).status).toBe(403);
  });

  it.each([
    ['a date that is not YYYY-MM-DD', 'from=2026-2-1', 'query.from'],
    ['an impossible date', 'to=2026-02-30', 'query.to'],
    ['to before from', 'from=2026-02-02&to=2026-02-01', 'query.to'],
    ['a range over 366 days', 'from=2025-01-01&to=2026-01-02', 'query.to'],
    ['an unknown parameter', 'day=2026-02-01', 'query.day'],
  ])('answers 400 for %s, naming the parameter', async (_label, query, field) => {
    const res = await api.get(`/analytics/sales-by-day?${query}`, { role: 'analyst' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});
