import { randomInt } from 'node:crypto';
import { checkInvariants, processManagerCheckpoint } from '../../cli/audit/invariants';
import { allVisible } from '../../platform/event-store/export/testing/all-visible';
import { projections } from '../../projections/catalog';
import { openReadSide, type ReadSide } from '../../projections/read-side';
import { rebuild } from '../../projections/runtime/rebuild';
import type { Projector } from '../../projections/runtime/projector';
import { contentsOf } from '../projections';
import { Shop } from '../shop';
import { startTestWriteApi, type TestWriteApi } from '../write-api-harness';

/**
 * DOMAIN.md: every read model equals the result of a fresh replay of the same events. A random
 * workload runs through the real write API and process manager while the projector keeps the
 * models live; then each model is rebuilt from the first event and compared row by row (or
 * document by document) with the generation that was live. The same log must also keep every one
 * of DOMAIN.md's checkable invariants (commerce audit invariants).
 */
describe('read models after a random workload', () => {
  let api: TestWriteApi;
  let readSide: ReadSide;
  let projector: Projector;

  beforeAll(async () => {
    api = await startTestWriteApi({}, { processManager: true });
    readSide = await openReadSide(api.runtime);
    projector = readSide.createProjector();
    await projector.start();
  });
  afterAll(async () => {
    await projector.stop();
    await readSide.close();
    await api.close();
  });

  it('each equals a fresh rebuild of it, and the log breaks no domain invariant', async () => {
    const shop = new Shop(api);
    const skus = [];
    for (let i = 0; i < 4; i++) skus.push(await shop.product({ stock: randomInt(2, 8), priceMinor: randomInt(100, 5000) }));
    const productIds = new Map<string, string>();
    const customers = [await shop.customer(), await shop.customer(), await shop.customer()];
    const orders: string[] = [];
    for (let step = 0; step < 60; step++) {
      const dice = randomInt(100);
      const customer = customers[randomInt(customers.length)]!;
      if (dice < 50) {
        const lines = [...new Set([skus[randomInt(skus.length)]!, skus[randomInt(skus.length)]!])].map((sku) => ({ sku, quantity: randomInt(1, 3) }));
        orders.push(await shop.order(customer, lines, randomInt(5) === 0 ? 'tok_decline' : 'tok_visa'));
      } else if (dice < 65 && orders.length) {
        await api.call('POST', `/orders/${orders[randomInt(orders.length)]}/cancel`, { body: { reason: 'changed my mind' } });
      } else if (dice < 80) {
        await api.call('POST', `/inventory/${skus[randomInt(skus.length)]}/receipts`, { body: { quantity: randomInt(1, 5) } });
      } else if (dice < 90) {
        const sku = skus[randomInt(skus.length)]!;
        if (!productIds.has(sku)) {
          const { rows } = await api.runtime.db.pool.query(`select stream_id from eventstore.events where type = 'ProductDefined' and data->>'sku' = $1`, [sku]);
          productIds.set(sku, rows[0].stream_id.slice('product-'.length));
        }
        await api.call('POST', `/products/${productIds.get(sku)}/price`, { body: { price: { amountMinor: randomInt(100, 5000), currency: 'EUR' } } });
      } else if (orders.length) {
        await api.call('POST', `/orders/${orders[randomInt(orders.length)]}/ship`, { body: { carrier: 'DHL' } });
      }
    }
    // Let the process manager settle every order, then the projector catch up with all of it.
    await eventually(async () => {
      const { rows } = await api.runtime.db.pool.query(`select count(*)::int as n from eventstore.events where type like 'Order%' and type <> 'OrderPlaced'`);
      const settled = rows[0].n;
      await new Promise((r) => setTimeout(r, 1500));
      const again = (await api.runtime.db.pool.query(`select count(*)::int as n from eventstore.events where type like 'Order%' and type <> 'OrderPlaced'`)).rows[0].n;
      return settled === again;
    });
    // Not headPosition() alone: another test database's open transaction can hold visibility back,
    // and the rebuild compared below reads to the end.
    await allVisible(api.runtime.eventStore, api.runtime.db.pool);
    const head = await api.runtime.eventStore.headPosition();
    for (const p of projections) await readSide.waiter.waitFor(p.name, head, 30_000);

    // Once the process manager's saved checkpoint has passed the whole log, every order is judged, none left in flight.
    const pool = api.runtime.db.pool;
    await eventually(async () => ((await processManagerCheckpoint(pool)) ?? '') >= head);
    const invariants = await checkInvariants(api.runtime.eventStore, { processManagerAt: await processManagerCheckpoint(pool), graceMs: 60_000 });
    expect(invariants.results.filter((r) => r.violations > 0)).toEqual([]);
    expect(invariants.orders).toBeGreaterThanOrEqual(orders.length);
    expect(invariants.ordersInFlight).toBe(0);

    const sinks = { pool: api.runtime.db.pool, documents: readSide.documents, search: readSide.search };
    for (const projection of projections) {
      const live = (await readSide.registry.live(projection.name))!;
      const before = await contentsOf(sinks, live);
      expect(before.length).toBeGreaterThan(0);
      const fresh = await rebuild(readSide.createProjector(), api.runtime.eventStore, projection, { intervalMs: 20 });
      expect(fresh.completed).toBe(true);
      const rebuilt = (await readSide.registry.generation(projection.name, fresh.generation))!;
      expect({ projection: projection.name, contents: await contentsOf(sinks, rebuilt) }).toEqual({ projection: projection.name, contents: before });
    }
  }, 120_000);
});

async function eventually(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the workload did not settle in time');
  }
}
