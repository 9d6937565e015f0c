import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '../../platform/auth/principal';
import { tokenServiceFor, type TokenService } from '../../platform/auth/token-service';
import { createHttpApp } from '../../platform/http/create-http-app';
import { HealthModule } from '../../platform/http/health';
import { request } from '../../test/http';
import { startTestReadApi, type TestReadApi } from '../testing/read-api-harness';
import { projectionsReadiness } from './projections-readiness';

const BAD = 'bad00000-0000-4000-8000-00000000beef';
const OTHER_BAD = 'bad00000-0000-4000-8000-00000000cafe';

describe('Operator routes of the read API', () => {
  let api: TestReadApi;
  let tokens: TokenService;
  let health: NestFastifyApplication;
  let healthUrl: string;

  beforeAll(async () => {
    api = await startTestReadApi();
    tokens = await tokenServiceFor(api.runtime.config);
    // The read API's own /health/ready gets this check once read-api.ts uses it; here it runs on a bare app.
    health = await createHttpApp({ imports: [HealthModule.register([projectionsReadiness(api.side)])] }, { host: '127.0.0.1', port: 0, log: api.runtime.log });
    const address = health.getHttpServer().address();
    healthUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await health?.close();
    await api?.close();
  });

  const call = async (method: 'GET' | 'POST', route: string, options: { role?: Role | null; subject?: string; body?: unknown } = {}) => {
    const role = options.role === undefined ? 'admin' : options.role;
    const auth: Record<string, string> = role ? { authorization: `Bearer ${await tokens.issue({ role, subject: options.subject ?? `${role}-7` })}` } : {};
    return request(api.url + route, { method, body: options.body, headers: auth });
  };
  const order = async (customerId: string = randomUUID()) => {
    const orderId = randomUUID();
    const { position } = await api.append(`order-${orderId}`, 'OrderPlaced', {
      orderId, customerId, lines: [{ sku: 'MUG-1', quantity: 1, unitPrice: { amountMinor: 500, currency: 'EUR' } }], total: { amountMinor: 500, currency: 'EUR' },
    });
    return { orderId, position };
  };
  /** A constraint the projection's write breaks stands in for a handler bug that a deploy fixes later. */
  const breakOrderSummaryFor = async (customerId: string) => {
    const table = (await live('order_summary')).target;
    await api.runtime.db.pool.query(`alter table read_models."${table}" add constraint refuse_customer check (customer_id <> '${customerId}')`);
    return () => api.runtime.db.pool.query(`alter table read_models."${table}" drop constraint refuse_customer`);
  };
  const live = async (name: string) => (await api.side.registry.live(name))!;
  const until = async (condition: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('admits operators and admins to pause, resume and retry, admins alone to reset and skip, auditors to the audit log', async () => {
    expect((await call('POST', '/projections/sales_by_day/pause', { role: 'customer' })).status).toBe(403);
    expect((await call('POST', '/projections/sales_by_day/pause', { role: null })).status).toBe(401);
    expect((await call('POST', '/projections/sales_by_day/reset', { role: 'operator' })).body).toMatchObject({ status: 403, code: 'FORBIDDEN', allowedRoles: ['admin'] });
    expect((await call('POST', '/projections/sales_by_day/dead-letters/1/skip', { role: 'operator' })).status).toBe(403);
    expect((await call('GET', '/projections/audit-log', { role: 'auditor' })).status).toBe(200);
    expect((await call('GET', '/projections/audit-log', { role: 'analyst' })).status).toBe(403);
    expect(await api.side.registry.live('sales_by_day')).toMatchObject({ state: 'running', generation: 1 });
  });

  it('pauses and resumes a read model, answering what it did, and the audit log names the token’s subject and role', async () => {
    const paused = await call('POST', '/projections/stock_level/pause', { role: 'operator', subject: 'ops-grace' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ projection: 'stock_level', action: 'pause', message: 'stock_level: paused generation 1', generations: [{ generation: 1, phase: 'live', state: 'paused' }] });
    // Paused is an operator's decision, not a fault: the role stays ready.
    expect((await request(`${healthUrl}/health/ready`)).status).toBe(200);
    const resumed = await call('POST', '/projections/stock_level/resume', { role: 'operator', subject: 'ops-grace' });
    expect(resumed.body).toMatchObject({ action: 'resume', generations: [{ state: 'running' }] });

    const log = await call('GET', '/projections/audit-log?projection=stock_level', { role: 'auditor' });
    expect(log.body.items).toEqual([
      expect.objectContaining({ action: 'resume', projection: 'stock_level', outcome: 'succeeded', actor: { subject: 'ops-grace', role: 'operator', via: 'http' }, at: expect.any(String) }),
      expect.objectContaining({ action: 'pause', outcome: 'succeeded' }),
    ]);
    expect(log.body.next).toBeNull();
  });

  it('takes a read model stopped on a dead letter through readiness 503, the dead-letter list, refusals, and a retry back to ready', async () => {
    const fix = await breakOrderSummaryFor(BAD);
    const bad = await order(BAD);
    await until(async () => (await live('order_summary')).state === 'stopped');

    const ready = await request(`${healthUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual([expect.objectContaining({ name: 'projections', ok: false, error: expect.stringMatching(/^order_summary is stopped on a dead letter \(OrderPlaced .*refuse_customer/) })]);

    const list = await call('GET', '/projections/order_summary/dead-letters?status=pending', { role: 'operator' });
    expect(list.body.items).toEqual([expect.objectContaining({ eventType: 'OrderPlaced', position: bad.position, status: 'pending', error: expect.stringContaining('refuse_customer') })]);
    const id = list.body.items[0].id as number;

    expect((await call('GET', '/projections/order_summary/dead-letters?state=x')).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'query.state' }] });
    expect((await call('POST', '/projections/order_summary/dead-letters/abc/skip')).body).toMatchObject({ status: 400, code: 'INVALID_DEAD_LETTER_ID', errors: [{ field: 'path.id' }] });
    expect((await call('POST', `/projections/order_summary/dead-letters/${id + 1000}/retry`)).body).toMatchObject({ status: 404, code: 'DEAD_LETTER_NOT_FOUND' });
    expect((await call('POST', `/projections/stock_level/dead-letters/${id}/retry`)).body).toMatchObject({ status: 404, code: 'DEAD_LETTER_NOT_FOUND' });
    expect((await call('POST', '/projections/order_summary/pause')).body).toMatchObject({ status: 409, code: 'PROJECTION_STOPPED', deadLetters: [id] });
    expect((await call('POST', '/projections/order_summary/reset', { body: { toPosition: 'f'.repeat(32) } })).body).toMatchObject({ status: 409, code: 'RESET_AHEAD_OF_CHECKPOINT' });
    expect(await live('order_summary')).toMatchObject({ state: 'stopped' });

    await fix();
    const retried = await call('POST', `/projections/order_summary/dead-letters/${id}/retry`, { role: 'operator' });
    expect(retried.status).toBe(200);
    expect(retried.body.deadLetters).toEqual([expect.objectContaining({ id, status: 'retried', resolvedBy: 'operator-7' })]);
    await api.caughtUp(bad.position);
    expect((await request(`${healthUrl}/health/ready`)).status).toBe(200);
    expect((await call('GET', `/orders/${bad.orderId}`)).status).toBe(200);
  });

  it('skips a dead letter as admin: the model carries on after exactly that event', async () => {
    const fix = await breakOrderSummaryFor(OTHER_BAD);
    const bad = await order(OTHER_BAD);
    await until(async () => (await live('order_summary')).state === 'stopped');
    await fix();
    const [letter] = await api.side.deadLetters.list('order_summary', 'pending');
    const skipped = await call('POST', `/projections/order_summary/dead-letters/${letter!.id}/skip`);
    expect(skipped.body).toMatchObject({ action: 'skip', deadLetters: [{ id: letter!.id, status: 'skipped', resolvedBy: 'admin-7' }], generations: [{ state: 'running' }] });
    const after = await order();
    await api.caughtUp(after.position);
    expect((await live('order_summary')).state).toBe('running');
    expect((await call('GET', `/orders/${bad.orderId}`)).body).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
    expect((await call('GET', `/orders/${after.orderId}`)).status).toBe(200);
  });

  it('refuses bad reset input with a code, and a reset without a position starts a rebuild the projector switches readers to', async () => {
    expect((await call('POST', '/projections/order_sumary/reset', { body: {} })).body).toMatchObject({ status: 404, code: 'PROJECTION_NOT_FOUND' });
    expect((await call('POST', '/projections/customer_orders/reset', { body: { toPosition: 'yesterday' } })).body).toMatchObject({ status: 400, code: 'INVALID_POSITION', errors: [{ field: 'toPosition' }] });
    expect((await call('POST', '/projections/customer_orders/reset', { body: { to: 'x' } })).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'to' }] });
    expect((await live('customer_orders')).generation).toBe(1);

    const reset = await call('POST', '/projections/customer_orders/reset');
    expect(reset.body).toMatchObject({ action: 'reset', reset: { rebuild: 2 } });
    await until(async () => (await live('customer_orders')).generation === 2);
  });

  it('pages the audit log newest first with a cursor bound to its filter', async () => {
    const first = await call('GET', '/projections/audit-log?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
    const second = await call('GET', `/projections/audit-log?limit=2&cursor=${first.body.next}`);
    expect(second.body.items[0].id).toBeLessThan(first.body.items[1].id);
    expect((await call('GET', `/projections/audit-log?projection=stock_level&cursor=${first.body.next}`)).body).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    const refused = (await call('GET', '/projections/audit-log?projection=order_sumary')).body.items;
    expect(refused).toEqual([expect.objectContaining({ action: 'reset', outcome: 'refused', detail: expect.objectContaining({ code: 'PROJECTION_NOT_FOUND' }) })]);
  });
});
