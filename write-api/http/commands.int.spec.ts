import { randomUUID } from 'node:crypto';
import { startTestWriteApi, type TestWriteApi } from '../../test/write-api-harness';

const price = (amountMinor: number, currency = 'EUR') => ({ amountMinor, currency });
let skuCounter = 0;
const newSku = () => `SKU-${Date.now().toString(36).toUpperCase()}-${skuCounter++}`;
const product = (sku = newSku()) => ({ sku, name: 'Green tea', description: 'Loose leaf, 100 g', category: 'tea', price: price(450) });

describe('Write API commands over HTTP', () => {
  let api: TestWriteApi;
  beforeAll(async () => {
    api = await startTestWriteApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  /** Runs a failing request and proves the store did not change. */
  async function expectNothingAppended<T>(attempt: () => Promise<T>): Promise<T> {
    const before = await api.eventCount();
    const result = await attempt();
    expect(await api.eventCount()).toBe(before);
    return result;
  }

  describe('accepted commands', () => {
    it('answer { id, revision, position } with the position in X-Event-Position and the resource in Location', async () => {
      const res = await api.call('POST', '/products', { body: product(), role: 'operator' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), revision: 0, position: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(res.headers['x-event-position']).toBe(res.body.position);
      expect(res.headers.location).toBe(`/products/${res.body.id}`);
      expect(res.headers.etag).toBe('"0"');
    });

    it('record who did it, when and why in the event metadata', async () => {
      const res = await api.call('POST', '/products', { body: product(), role: 'operator', subject: 'ops-anna', headers: { 'x-correlation-id': 'batch-7' } });
      const [event] = await api.runtime.eventStore.readStream(`product-${res.body.id}`);
      expect(event!.metadata).toMatchObject({ actor: { subject: 'ops-anna', role: 'operator' }, correlationId: 'batch-7', causationId: expect.stringMatching(/^http:/) });
    });
  });

  describe('bad input', () => {
    it('gets 400 listing each wrong field, and appends nothing', async () => {
      const res = await expectNothingAppended(() =>
        api.call('POST', '/products', { body: { sku: 'bad sku', name: '', price: { amountMinor: 1.5, currency: 'EUR' }, colour: 'red' } }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['category', 'colour', 'description', 'name', 'price.amountMinor', 'sku']);
      expect(res.body.errors.find((e: { field: string }) => e.field === 'description').message).toBe('is required');
    });

    it('gets 400 for malformed JSON and for a malformed id in the path', async () => {
      const json = await expectNothingAppended(() => api.call('POST', '/products', { body: '{"sku":', headers: { 'content-type': 'application/json' } }));
      expect(json.status).toBe(400);
      const path = await api.call('POST', '/products/not-a-uuid/discontinue');
      expect(path.status).toBe(400);
      expect(path.body.errors).toEqual([{ field: 'path.id', message: 'must be a UUID' }]);
    });
  });

  describe('auth', () => {
    it('answers 401 without a token or with a forged one, and appends nothing', async () => {
      const none = await expectNothingAppended(() => api.call('POST', '/products', { body: product(), role: null }));
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/Bearer/);
      const forged = await api.call('POST', '/products', { body: product(), role: null, headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.x' } });
      expect(forged.status).toBe(401);
    });

    it('answers 403 for a role the route does not admit, naming the allowed roles', async () => {
      const res = await expectNothingAppended(() => api.call('POST', '/products', { body: product(), role: 'customer' }));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN', allowedRoles: ['operator', 'admin'] });
    });
  });

  describe('domain rules', () => {
    it('refuses a duplicate SKU with 409 DUPLICATE_SKU', async () => {
      const body = product();
      const first = await api.call('POST', '/products', { body });
      const res = await expectNothingAppended(() => api.call('POST', '/products', { body: { ...body, name: 'Other' } }));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'DUPLICATE_SKU', productId: first.body.id });
    });

    it('answers 404 for an unknown product and an unknown SKU', async () => {
      const unknownProduct = await expectNothingAppended(() => api.call('POST', `/products/${randomUUID()}/price`, { body: { price: price(100) } }));
      expect(unknownProduct.status).toBe(404);
      const unknownSku = await expectNothingAppended(() => api.call('POST', '/inventory/NO-SUCH-SKU/receipts', { body: { quantity: 5 } }));
      expect(unknownSku).toMatchObject({ status: 404, body: { code: 'UNKNOWN_SKU' } });
    });

    it('refuses an adjustment that would make stock negative with 409', async () => {
      const { sku } = product();
      await api.call('POST', '/products', { body: product(sku) });
      await api.call('POST', `/inventory/${sku}/receipts`, { body: { quantity: 3 } });
      const res = await expectNothingAppended(() => api.call('POST', `/inventory/${sku}/adjustments`, { body: { delta: -4, reason: 'count' } }));
      expect(res.status).toBe(409);
      expect(res.body.code).toEqual(expect.any(String));
    });

    it('refuses a duplicate email with 409 DUPLICATE_EMAIL, whatever its case', async () => {
      await api.call('POST', '/customers', { body: { email: 'ada@example.com', name: 'Ada' } });
      const res = await expectNothingAppended(() => api.call('POST', '/customers', { body: { email: 'ADA@example.com', name: 'Ada L.' } }));
      expect(res).toMatchObject({ status: 409, body: { code: 'DUPLICATE_EMAIL' } });
      expect(JSON.stringify(res.body)).not.toMatch(/ada@/i);
    });
  });

  describe('If-Match', () => {
    it('applies the command at the expected revision and answers 412 with the current one otherwise', async () => {
      const created = await api.call('POST', '/products', { body: product() });
      const stale = await expectNothingAppended(() => api.call('POST', `/products/${created.body.id}/price`, { body: { price: price(500) }, headers: { 'if-match': '"7"' } }));
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED', currentRevision: 0 });
      const fresh = await api.call('POST', `/products/${created.body.id}/price`, { body: { price: price(500) }, headers: { 'if-match': '"0"' } });
      expect(fresh).toMatchObject({ status: 200, body: { revision: 1 } });
      const malformed = await api.call('POST', `/products/${created.body.id}/price`, { body: { price: price(600) }, headers: { 'if-match': 'latest' } });
      expect(malformed).toMatchObject({ status: 400, body: { code: 'INVALID_IF_MATCH' } });
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the identical response for the same key and body and appends nothing', async () => {
      const body = product();
      const headers = { 'idempotency-key': randomUUID() };
      const first = await api.call('POST', '/products', { body, headers });
      const again = await expectNothingAppended(() => api.call('POST', '/products', { body, headers }));
      expect(again.status).toBe(first.status);
      expect(again.body).toEqual(first.body);
      expect(again.headers['x-event-position']).toBe(first.headers['x-event-position']);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('appends once when two requests with the same key race', async () => {
      const body = product();
      const headers = { 'idempotency-key': randomUUID() };
      const before = await api.eventCount();
      const [a, b] = await Promise.all([api.call('POST', '/products', { body, headers }), api.call('POST', '/products', { body, headers })]);
      expect(a.body.id).toBe(b.body.id);
      expect(await api.eventCount()).toBe(before + 1);
    });

    it('refuses the same key with a different body with 422', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      await api.call('POST', '/products', { body: product(), headers });
      const res = await expectNothingAppended(() => api.call('POST', '/products', { body: product(), headers }));
      expect(res).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    });

    it('keeps keys per caller', async () => {
      const key = randomUUID();
      const mine = await api.call('POST', '/products', { body: product(), subject: 'alice', headers: { 'idempotency-key': key } });
      const theirs = await api.call('POST', '/products', { body: product(), subject: 'bob', headers: { 'idempotency-key': key } });
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
    });
  });

  describe('documentation', () => {
    it('serves an OpenAPI document naming each route’s roles, and a docs UI', async () => {
      const doc = await api.call('GET', '/openapi.json', { role: null });
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths).sort()).toEqual([
        '/customers',
        '/inventory/{sku}/adjustments',
        '/inventory/{sku}/receipts',
        '/orders',
        '/orders/{id}/cancel',
        '/orders/{id}/deliver',
        '/orders/{id}/ship',
        '/products',
        '/products/{id}/discontinue',
        '/products/{id}/price',
      ]);
      expect(doc.body.paths['/orders'].post.description).toMatch(/Roles: customer, operator, admin/);
      expect(doc.body.paths['/orders'].post.requestBody.content['application/json'].schema.required).toEqual(['customerId', 'lines', 'payment']);
      const ui = await api.call('GET', '/docs', { role: null });
      expect(ui.status).toBe(200);
      expect(ui.body).toMatch(/swagger-ui-bundle\.js/);
    });
  });
});
