import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { request } from '../test/http';
import { Position } from '../platform/event-store/position';
import { orderSummary } from '../projections/read-models/order-summary.projection';
import { pointView } from '../projections/runtime/projection-registry';
import type { ReadSide } from '../projections/read-side';
import { LiveReadModels } from './live-read-models';
import { ReadModelUnavailableError, readSideErrors } from './read-errors';
import { startTestReadApi, type TestReadApi } from './testing/read-api-harness';
import { newSku, ShopEvents } from './testing/shop-events';

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Read API service', () => {
  let api: TestReadApi;
  let shop: ShopEvents;
  beforeAll(async () => {
    api = await startTestReadApi();
    shop = new ShopEvents(api);
  });
  afterAll(() => api?.close());

  describe('documentation and health', () => {
    it('serves an OpenAPI document listing every route with its roles and the X-Min-Position header, and a docs UI', async () => {
      const doc = await request(`${api.url}/openapi.json`);
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/analytics/sales-by-day', '/customers/{id}/orders', '/events', '/inventory/low-stock', '/inventory/{sku}', '/orders', '/orders/{id}',
          '/orders/{id}/timeline', '/products/search', '/products/{id}', '/projections',
        ]),
      );
      const getOrder = doc.body.paths['/orders/{id}'].get;
      expect(getOrder.description).toContain('Roles: customer, operator, analyst, auditor, admin.');
      expect(getOrder.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:asOf', 'header:X-Min-Position']);
      expect(Object.keys(getOrder.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404', '503']));
      expect(doc.body.paths['/products/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'category', 'minPrice', 'maxPrice', 'cursor', 'limit', 'X-Min-Position']);
      const ui = await request(`${api.url}/docs`);
      expect(ui.status).toBe(200);
      expect(ui.body).toContain('/openapi.json');
    });

    it('answers /health/live and /health/ready without a token, ready listing the read models’ positions', async () => {
      expect((await request(`${api.url}/health/live`)).status).toBe(200);
      const ready = await request(`${api.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body.checks.map((c: { name: string }) => c.name)).toEqual(['database', 'event-store', 'projections']);
      expect(Object.keys(ready.body.checks[2].detail).sort()).toEqual(['customer_orders', 'order_summary', 'order_timeline', 'product_search', 'sales_by_day', 'stock_level']);
    });
  });

  describe('a read model no projector has built yet', () => {
    it('is reported as unavailable, which answers 503 READ_MODEL_NOT_BUILT with Retry-After', async () => {
      const models = new LiveReadModels(api.side);
      await expect(models.target('never_built')).rejects.toThrow(ReadModelUnavailableError);
      await expect(models.rows('never_built', 'select * from $view', [])).rejects.toThrow(ReadModelUnavailableError);
      expect(readSideErrors(new ReadModelUnavailableError('never_built'))).toMatchObject({
        problem: { status: 503, code: 'READ_MODEL_NOT_BUILT', projection: 'never_built' },
        headers: { 'retry-after': expect.any(String) },
      });
    });
  });

  describe('prepared read statements', () => {
    it('prepares each query once per connection, and keeps answering when a rebuild repoints the view at a generation with other columns', async () => {
      // One connection, so the second read surely meets the statement the first one prepared.
      const pool = new Pool({ connectionString: api.runtime.db.url, max: 1 });
      try {
        const models = new LiveReadModels({ runtime: { db: { pool } } } as unknown as ReadSide);
        const client = await pool.connect();
        try {
          await client.query(`create table read_models.probe_g1 (sku text primary key, on_hand int); insert into read_models.probe_g1 values ('A', 1)`);
          await pointView(client, 'probe', 'probe_g1');
        } finally {
          client.release();
        }
        const read = () => models.rows('probe', 'select * from $view where sku = $1', ['A']);
        expect(await read()).toEqual([{ sku: 'A', on_hand: 1 }]);
        const prepared = await pool.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements');
        expect(prepared.rows).toEqual([{ name: expect.stringMatching(/^read_[0-9a-f]{16}_0$/), statement: 'select * from read_models."probe" where sku = $1' }]);

        const swap = await pool.connect();
        try {
          await swap.query(`create table read_models.probe_g2 (sku text primary key, on_hand int, reserved int); insert into read_models.probe_g2 values ('A', 2, 1)`);
          await swap.query('begin');
          await pointView(swap, 'probe', 'probe_g2');
          await swap.query('commit');
        } finally {
          swap.release();
        }
        expect(await read()).toEqual([{ sku: 'A', on_hand: 2, reserved: 1 }]);
        expect(await read()).toEqual([{ sku: 'A', on_hand: 2, reserved: 1 }]);
        // The refused statement's connection was replaced (the pool drops a client after an error); the text is prepared again under a new name.
        const names = (await pool.query<{ name: string }>('select name from pg_prepared_statements')).rows.map((r) => r.name);
        expect(names).toEqual([expect.stringMatching(/^read_[0-9a-f]{16}_1$/)]);
      } finally {
        await pool.end();
      }
    });
  });

  describe('GET /projections', () => {
    const byName = async (role: 'operator' | 'admin' = 'operator') => {
      const res = await api.get('/projections', { role });
      expect(res.status).toBe(200);
      return Object.fromEntries(res.body.projections.map((p: { name: string }) => [p.name, p])) as Record<string, any>;
    };

    it('lists every read model with its kind, version and live generation, caught up with no lag', async () => {
      const head = await api.runtime.eventStore.headPosition();
      const status = await byName('admin');
      expect(Object.keys(status).sort()).toEqual(['customer_orders', 'order_summary', 'order_timeline', 'product_search', 'sales_by_day', 'stock_level']);
      expect(status.order_summary).toEqual({
        name: 'order_summary', kind: 'postgres', version: orderSummary.version, description: orderSummary.description,
        live: { generation: 1, version: orderSummary.version, state: 'running', position: head, lagEvents: 0, lagSeconds: 0, lastEventAt: expect.any(String), liveSince: expect.any(String), error: null },
        building: null,
        deadLetters: { pending: 0 },
      });
      expect(status.order_timeline.kind).toBe('documents');
      expect(status.product_search.kind).toBe('search');
    });

    it('is for operators and admins', async () => {
      expect((await api.get('/projections', { role: 'analyst' })).status).toBe(403);
      expect((await api.get('/projections', { role: 'customer' })).status).toBe(403);
      expect((await api.get('/projections', { role: null })).status).toBe(401);
    });

    it('shows a projection stopped on a dead letter, with the error and the pending dead letter', async () => {
      await shop.receive(newSku('HUGE'), 3_000_000_000);
      const status = await until(byName, (s) => s.stock_level.live.state === 'stopped');
      expect(status.stock_level.live.error).toContain('out of range');
      expect(status.stock_level.deadLetters).toEqual({ pending: 1 });
      expect(status.order_summary.deadLetters).toEqual({ pending: 0 });
    });

    it('shows the lag in events and seconds of a projection that is behind', async () => {
      await api.stopProjector();
      for (let i = 0; i < 3; i++) await shop.place(randomUUID(), [{ sku: newSku(), quantity: 1, unitMinor: 100 }]);
      await new Promise((r) => setTimeout(r, 300));
      const { order_summary } = await byName();
      expect(order_summary.live.lagEvents).toBe(3);
      expect(order_summary.live.lagSeconds).toBeGreaterThanOrEqual(0.3);
    });

    it('shows a rebuild in progress beside the live generation', async () => {
      await api.side.registry.addGeneration(orderSummary);
      const total = await api.runtime.eventStore.countEventsAfter!(Position.START, 1000);
      const { order_summary } = await byName();
      expect(order_summary.live.generation).toBe(1);
      expect(order_summary.building).toEqual({ generation: 2, version: orderSummary.version, state: 'running', position: Position.START, eventsDone: 0, eventsRemaining: total, percent: 0 });
    });
  });
});
