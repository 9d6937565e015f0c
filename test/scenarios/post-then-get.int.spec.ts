import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openReadSide, type ReadSide } from '../../projections/read-side';
import type { Projector } from '../../projections/runtime/projector';
import { startReadApi } from '../../read-api/read-api';
import { request } from '../http';
import { Shop } from '../shop';
import { startTestWriteApi, type TestWriteApi } from '../write-api-harness';

/** Issue 4's must-show: POST /orders, then GET /orders/{id} with the answer's position, never a 404. */
describe('reading your own write across the two APIs', () => {
  let write: TestWriteApi;
  let readSide: ReadSide;
  let projector: Projector;
  let readApi: NestFastifyApplication;
  let readUrl: string;

  beforeAll(async () => {
    write = await startTestWriteApi({ readApiPort: 0 });
    readSide = await openReadSide(write.runtime);
    projector = readSide.createProjector(['order_summary']);
    await projector.start();
    readApi = await startReadApi(readSide);
    const address = readApi.getHttpServer().address();
    readUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await readApi.close();
    await projector.stop();
    await readSide.close();
    await write.close();
  });

  it('POST /orders then GET /orders/{id} with X-Min-Position answers the order every time, 200 times', async () => {
    const shop = new Shop(write);
    const sku = await shop.product({ stock: 1000 });
    const customer = await shop.customer();
    const token = await write.token('customer', customer);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      const placed = await write.call('POST', '/orders', { role: 'customer', subject: customer, body: { customerId: customer, lines: [{ sku, quantity: 1 }], payment: { token: 'tok_visa' } } });
      expect(placed.status).toBe(202);
      const res = await request(`${readUrl}/orders/${placed.body.id}`, { headers: { authorization: `Bearer ${token}`, 'x-min-position': placed.body.position } });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 200) expect(res.body).toMatchObject({ id: placed.body.id, customerId: customer });
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 200 });
  }, 120_000);
});
