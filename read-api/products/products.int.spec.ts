import { randomUUID } from 'node:crypto';
import { startTestReadApi, type TestReadApi } from '../testing/read-api-harness';
import { ShopEvents } from '../testing/shop-events';

describe('Read API: products', () => {
  let api: TestReadApi;
  let shop: ShopEvents;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestReadApi();
    shop = new ShopEvents(api);
    const define = async (key: string, input: Parameters<ShopEvents['product']>[0]) => (ids[key] = (await shop.product(input)).productId);
    await define('green', { name: 'Green tea', description: 'Loose leaf sencha, 100 g', category: 'tea', priceMinor: 450 });
    await define('black', { name: 'Black tea', description: 'Assam breakfast blend, 250 g', category: 'tea', priceMinor: 520 });
    await define('mug', { name: 'Stoneware mug', description: 'Holds 350 ml of tea or coffee', category: 'kitchen', priceMinor: 1200 });
    await define('kettle', { name: 'Copper kettle', description: 'For tea lovers', category: 'kitchen', priceMinor: 4500 });
    await api.caughtUp((await shop.discontinue(ids.kettle!)).position);
  });
  afterAll(() => api?.close());

  const names = (body: { items: { name: string }[] }) => body.items.map((p) => p.name).sort();

  describe('GET /products/{id}', () => {
    it('answers the product to any role', async () => {
      const res = await api.get(`/products/${ids.green}`, { role: 'customer', subject: randomUUID() });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: ids.green, sku: expect.any(String), name: 'Green tea', description: 'Loose leaf sencha, 100 g', category: 'tea',
        price: { amountMinor: 450, currency: 'EUR' }, orderable: true,
      });
    });

    it('still answers a discontinued product, as not orderable', async () => {
      const res = await api.get(`/products/${ids.kettle}`, { role: 'analyst' });
      expect(res.body).toMatchObject({ name: 'Copper kettle', orderable: false });
    });

    it('answers 404 PRODUCT_NOT_FOUND, 400 for a malformed id, 401 without a token', async () => {
      expect((await api.get(`/products/${randomUUID()}`)).body).toMatchObject({ status: 404, code: 'PRODUCT_NOT_FOUND' });
      expect((await api.get('/products/tea')).body.errors).toEqual([{ field: 'path.id', message: 'must be a UUID' }]);
      expect((await api.get(`/products/${ids.green}`, { role: null })).status).toBe(401);
    });
  });

  describe('GET /products/search', () => {
    it('finds orderable products by words in name or description, with category facets', async () => {
      const res = await api.get('/products/search?q=tea', { role: 'customer', subject: randomUUID() });
      expect(res.status).toBe(200);
      // The kettle mentions tea too, but is discontinued.
      expect(names(res.body)).toEqual(['Black tea', 'Green tea', 'Stoneware mug']);
      expect(res.body.total).toBe(3);
      expect(res.body.facets.category).toEqual([{ value: 'tea', count: 2 }, { value: 'kitchen', count: 1 }]);
      expect(res.body.items[0]).toMatchObject({ score: expect.any(Number), orderable: true });
    });

    it('filters by category and by an inclusive price range in minor units', async () => {
      expect(names((await api.get('/products/search?category=kitchen')).body)).toEqual(['Stoneware mug']);
      expect(names((await api.get('/products/search?minPrice=520&maxPrice=1200')).body)).toEqual(['Black tea', 'Stoneware mug']);
      expect(names((await api.get('/products/search?q=tea&maxPrice=500')).body)).toEqual(['Green tea']);
    });

    it('pages through every orderable product once', async () => {
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const res: { body: any } = await api.get(`/products/search?limit=2${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
        seen.push(...res.body.items.map((p: { id: string }) => p.id));
        next = res.body.next;
      } while (next);
      expect(seen.sort()).toEqual([ids.green, ids.black, ids.mug].sort());
    });

    it('shows a new price once the projection has applied it', async () => {
      const changed = await shop.changePrice(ids.mug!, 1200, 990);
      const res = await api.get('/products/search?category=kitchen', { headers: { 'x-min-position': changed.position } });
      expect(res.body.items).toEqual([expect.objectContaining({ id: ids.mug, price: { amountMinor: 990, currency: 'EUR' } })]);
      expect(String(res.headers['x-projection-position']) >= changed.position).toBe(true);
    });

    it.each([
      ['a negative minPrice', 'minPrice=-1', 'query.minPrice'],
      ['a maxPrice that is no number', 'maxPrice=cheap', 'query.maxPrice'],
      ['maxPrice below minPrice', 'minPrice=900&maxPrice=100', 'query.maxPrice'],
      ['limit 0', 'limit=0', 'query.limit'],
      ['q over 200 characters', `q=${'a'.repeat(201)}`, 'query.q'],
      ['an empty category', 'category=', 'query.category'],
      ['a made-up cursor', 'cursor=not-a-cursor', 'query.cursor'],
      ['an unknown parameter', 'sort=price', 'query.sort'],
    ])('answers 400 for %s, naming the parameter', async (_label, query, field) => {
      const res = await api.get(`/products/search?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });
  });
});
