import { randomUUID } from 'node:crypto';
import { PostgresDocumentStore } from '../../platform/document-store/postgres-document-store';
import { Position } from '../../platform/event-store/position';
import { projectionTestbed, type ProjectionTestbed } from '../../test/projections';
import { KeyedApplier } from '../runtime/appliers';
import { rebuild } from '../runtime/rebuild';
import type { DocumentProjection, ProjectedEvent } from '../runtime/projection';
import { customerOrders, type CustomerOrder } from './customer-orders.projection';
import { orderTimeline, type OrderTimeline } from './order-timeline.projection';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });

describe('document read models (embedded: jsonb in Postgres)', () => {
  let bed: ProjectionTestbed;
  const customer = randomUUID();
  const order = randomUUID();
  const other = randomUUID();
  const reservation = randomUUID();

  beforeAll(async () => {
    bed = await projectionTestbed({
      documents: async (db) => {
        await PostgresDocumentStore.migrate(db.pool);
        return new PostgresDocumentStore(db.pool);
      },
    });
    const expiresAt = new Date(Date.now() + 900_000).toISOString();
    const caused = (causationId: string) => ({ correlationId: order, causationId, actor: { subject: 'order-fulfilment', role: 'system' } });
    await bed.append(`order-${order}`, 'OrderPlaced', { orderId: order, customerId: customer, lines: [{ sku: 'MUG', quantity: 2, unitPrice: eur(500) }], total: eur(1000) }, { actor: { subject: customer, role: 'customer' }, occurredAt: '2026-03-01T10:00:00.000Z' });
    await bed.append('stock-MUG', 'StockReceived', { sku: 'MUG', quantity: 10 });
    await bed.append('stock-MUG', 'StockReserved', { sku: 'MUG', reservationId: reservation, orderId: order, quantity: 2, expiresAt }, caused('reserve'));
    await bed.append(`payment-${order}`, 'PaymentAuthorized', { orderId: order, paymentId: randomUUID(), gatewayRef: 'auth_1', amount: eur(1000) }, caused('authorize'));
    await bed.append(`order-${order}`, 'OrderConfirmed', { orderId: order }, caused('confirm'));
    await bed.append(`order-${other}`, 'OrderPlaced', { orderId: other, customerId: customer, lines: [{ sku: 'MUG', quantity: 1, unitPrice: eur(500) }], total: eur(500) }, { occurredAt: '2026-03-02T10:00:00.000Z' });
    await bed.append(`order-${other}`, 'OrderCancelled', { orderId: other, reason: 'duplicate' });
  });
  afterAll(() => bed.close());

  /**
   * Builds the model, then plays a crash before the checkpoint: the whole history comes again in
   * one batch together with a new event. The result must equal a fresh build of the same events
   * (a rebuild into the next generation).
   */
  async function redeliveredVersusFresh<D>(projection: DocumentProjection<D>, ids: string[], more: () => Promise<unknown>) {
    const keyed = projection as DocumentProjection<unknown>;
    const projector = bed.projector([keyed]);
    await projector.start();
    await bed.caughtUp(projection.name, await bed.settled());
    await projector.stop();
    const live = (await bed.registry.live(projection.name))!;
    await more();
    const head = await bed.settled();
    const history = (await bed.store.readAll({ after: Position.START, maxCount: 10_000 })) as ProjectedEvent[];
    expect(history.at(-1)!.position).toBe(head);
    await new KeyedApplier(bed.documents!, bed.registry, keyed, live).apply(history, { position: Position.START, sequence: 0 });
    const fresh = await rebuild(bed.projector([keyed]), bed.store, keyed, { intervalMs: 20 });
    const read = async (target: string) => Object.fromEntries([...(await bed.documents!.getMany(target, ids))].map(([id, d]) => [id, d.data as D]));
    const freshTarget = (await bed.registry.generation(projection.name, fresh.generation))!.target;
    return { redelivered: await read(live.target), fresh: await read(freshTarget) };
  }

  describe('order_timeline', () => {
    it('holds every event that touched the order across streams, in order, with actor, time, correlation and causation; redelivery adds nothing', async () => {
      const { redelivered, fresh } = await redeliveredVersusFresh(orderTimeline, [order], () => bed.append(`order-${order}`, 'OrderShipped', { orderId: order, carrier: 'DHL' }));
      expect(redelivered).toEqual(fresh);
      const timeline = fresh[order] as OrderTimeline;
      expect(timeline).toMatchObject({ orderId: order, customerId: customer, status: 'Shipped' });
      expect(timeline.entries.map((e) => [e.type, e.streamId])).toEqual([
        ['OrderPlaced', `order-${order}`],
        ['StockReserved', 'stock-MUG'],
        ['PaymentAuthorized', `payment-${order}`],
        ['OrderConfirmed', `order-${order}`],
        ['OrderShipped', `order-${order}`],
      ]);
      expect(timeline.entries[0]).toMatchObject({ actor: { subject: customer, role: 'customer' }, summary: expect.stringContaining('1 line(s), total 1000 EUR') });
      expect(timeline.entries[1]).toMatchObject({ correlationId: order, causationId: 'reserve', actor: { subject: 'order-fulfilment', role: 'system' }, summary: expect.stringContaining('Reserved 2 × MUG') });
      const positions = timeline.entries.map((e) => e.position);
      expect([...positions].sort()).toEqual(positions);
    });
  });

  describe('customer_orders', () => {
    it("lists a customer's orders with their current status, newest first; redelivery changes nothing", async () => {
      const { redelivered, fresh } = await redeliveredVersusFresh(customerOrders, [order, other], () => bed.append(`order-${order}`, 'OrderDelivered', { orderId: order }));
      expect(redelivered).toEqual(fresh);
      expect((fresh[order] as CustomerOrder).status).toBe('Delivered');
      expect((fresh[other] as CustomerOrder).status).toBe('Cancelled');
      const live = (await bed.registry.live('customer_orders'))!;
      const page = await bed.documents!.find(live.target, { where: { customerId: customer }, orderBy: { field: 'placedAt', direction: 'desc' }, limit: 10 });
      expect(page.items.map((d) => d.id)).toEqual([other, order]);
    });
  });
});
