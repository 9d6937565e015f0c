import { randomUUID } from 'node:crypto';
import { Pool, type QueryConfig } from 'pg';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { Position } from '../../platform/event-store/position';
import { rawCodec } from '../../platform/event-store/raw-codec';
import { projectionTestbed, type ProjectionTestbed } from '../../test/projections';
import { PostgresApplier } from '../runtime/appliers';
import type { ProjectedEvent, PostgresProjection } from '../runtime/projection';
import { tableNames } from '../runtime/projection-registry';
import { orderChangesStatement, orderSummary } from './order-summary.projection';
import { salesByDay } from './sales-by-day.projection';
import { stockChangesStatement, stockLevel } from './stock-level.projection';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });

describe('Postgres read models', () => {
  let bed: ProjectionTestbed;
  beforeAll(async () => (bed = await projectionTestbed()));
  afterAll(() => bed.close());

  const query = async (sql: string, params: unknown[] = []) => (await bed.db.pool.query(sql, params)).rows;

  /** Runs the projection over everything so far, then feeds it the whole history again, as a redelivery would. */
  async function buildThenRedeliver(projection: PostgresProjection, read: () => Promise<unknown>) {
    const projector = bed.projector([projection]);
    await projector.start();
    await bed.caughtUp(projection.name, await bed.settled());
    const built = await read();
    const live = (await bed.registry.live(projection.name))!;
    const history = (await bed.store.readAll({ after: Position.START, maxCount: 10_000 })) as ProjectedEvent[];
    const applier = new PostgresApplier(bed.db.pool, bed.registry, projection, live);
    // Event by event, and the whole history as one batch, as a redelivery after a crash might come.
    for (const event of history) await applier.apply([event], { position: Position.START, sequence: 0 });
    await applier.apply(history, { position: Position.START, sequence: 0 });
    await projector.stop();
    return { built, again: await read() };
  }

  describe('order_summary', () => {
    const customer = randomUUID();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];

    beforeAll(async () => {
      for (const id of [a, b, c]) {
        await bed.append(`order-${id}`, 'OrderPlaced', { orderId: id, customerId: customer, lines: [{ sku: 'MUG', quantity: 3, unitPrice: eur(250) }], total: eur(750) });
      }
      await bed.append(`order-${a}`, 'OrderConfirmed', { orderId: a });
      await bed.append(`order-${a}`, 'OrderShipped', { orderId: a, carrier: 'DHL' });
      await bed.append(`order-${b}`, 'OrderRejected', { orderId: b, reason: 'outOfStock' });
    });

    it('follows each order through its states with totals, and a redelivered event changes nothing', async () => {
      const read = () => query('select order_id, status, total_minor::int as total, currency, revision, reason, carrier from read_models.order_summary order by order_id');
      const { built, again } = await buildThenRedeliver(orderSummary, read);
      expect(built).toEqual(
        [
          { order_id: a, status: 'Shipped', total: 750, currency: 'EUR', revision: 2, reason: null, carrier: 'DHL' },
          { order_id: b, status: 'Rejected', total: 750, currency: 'EUR', revision: 1, reason: 'outOfStock', carrier: null },
          { order_id: c, status: 'Pending', total: 750, currency: 'EUR', revision: 0, reason: null, carrier: null },
        ].sort((x, y) => x.order_id.localeCompare(y.order_id)),
      );
      expect(again).toEqual(built);
    });
  });

  describe('stock_level', () => {
    it('tracks on hand, reserved and available per SKU, lists low stock, and ignores redelivery', async () => {
      const sku = `SKU-${randomUUID().slice(0, 8).toUpperCase()}`;
      const order = randomUUID();
      const r1 = randomUUID();
      const r2 = randomUUID();
      const expiresAt = new Date(Date.now() + 900_000).toISOString();
      await bed.append(`stock-${sku}`, 'StockReceived', { sku, quantity: 10 });
      await bed.append(`stock-${sku}`, 'StockReserved', { sku, reservationId: r1, orderId: order, quantity: 4, expiresAt });
      await bed.append(`stock-${sku}`, 'StockReserved', { sku, reservationId: r2, orderId: order, quantity: 2, expiresAt });
      await bed.append(`stock-${sku}`, 'StockCommitted', { sku, reservationId: r1, orderId: order, quantity: 4 });
      await bed.append(`stock-${sku}`, 'StockReservationReleased', { sku, reservationId: r2, orderId: order, quantity: 2, reason: 'cancelled' });
      await bed.append(`stock-${sku}`, 'StockAdjusted', { sku, quantityDelta: -3, reason: 'damaged' });
      await bed.append(`stock-${sku}`, 'LowStockDetected', { sku, available: 3, threshold: 4 });
      const read = () => query('select sku, on_hand, reserved, available, low_stock_threshold from read_models.stock_level where sku = $1', [sku]);
      const { built, again } = await buildThenRedeliver(stockLevel, read);
      expect(built).toEqual([{ sku, on_hand: 3, reserved: 0, available: 3, low_stock_threshold: 4 }]);
      expect(again).toEqual(built);
    });
  });

  describe('sales_by_day', () => {
    it('counts orders and revenue per day of placement and currency, revenue only for confirmed orders not cancelled, and ignores redelivery', async () => {
      const day = '2026-03-14';
      const at = `${day}T09:30:00.000Z`;
      const [x, y, z, w] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      for (const [id, minor] of [[x, 1000], [y, 2000], [z, 4000]] as const) {
        await bed.append(`order-${id}`, 'OrderPlaced', { orderId: id, customerId: randomUUID(), lines: [{ sku: 'MUG', quantity: 1, unitPrice: eur(minor) }], total: eur(minor) }, { occurredAt: at });
      }
      await bed.append(`order-${w}`, 'OrderPlaced', { orderId: w, customerId: randomUUID(), lines: [{ sku: 'MUG', quantity: 1, unitPrice: { amountMinor: 900, currency: 'USD' } }], total: { amountMinor: 900, currency: 'USD' } }, { occurredAt: at });
      await bed.append(`order-${x}`, 'OrderConfirmed', { orderId: x });
      await bed.append(`order-${y}`, 'OrderConfirmed', { orderId: y });
      await bed.append(`order-${y}`, 'OrderCancelled', { orderId: y, reason: 'changed my mind' });
      await bed.append(`order-${z}`, 'OrderRejected', { orderId: z, reason: 'paymentDeclined' });
      const read = () =>
        query(
          `select to_char(day, 'YYYY-MM-DD') as day, currency, orders_placed, orders_confirmed, orders_rejected, orders_cancelled, placed_minor::int as placed, revenue_minor::int as revenue
           from read_models.sales_by_day where day = $1 order by currency`,
          [day],
        );
      const { built, again } = await buildThenRedeliver(salesByDay, read);
      expect(built).toEqual([
        { day, currency: 'EUR', orders_placed: 3, orders_confirmed: 2, orders_rejected: 1, orders_cancelled: 1, placed: 7000, revenue: 1000 },
        { day, currency: 'USD', orders_placed: 1, orders_confirmed: 0, orders_rejected: 0, orders_cancelled: 0, placed: 900, revenue: 0 },
      ]);
      expect(again).toEqual(built);
    });
  });

  describe('live batches, one after another', () => {
    it('sales_by_day prepares its statements once per connection and keeps their generic plans', async () => {
      const start = await bed.settled();
      for (let i = 0; i < 12; i++) {
        const id = randomUUID();
        await bed.append(`order-${id}`, 'OrderPlaced', { orderId: id, customerId: randomUUID(), lines: [{ sku: 'MUG', quantity: 1, unitPrice: eur(100) }], total: eur(100) }, { occurredAt: '2026-03-15T10:00:00.000Z' });
      }
      await bed.settled();
      const placed = ((await bed.store.readAll({ after: start, maxCount: 100 })) as ProjectedEvent[]).filter((e) => e.type === 'OrderPlaced');
      expect(placed).toHaveLength(12);
      // One connection, so pg_prepared_statements counts every batch.
      const pool = new Pool({ connectionString: bed.db.url, max: 1 });
      try {
        const live = (await bed.registry.live(salesByDay.name))!;
        const applier = new PostgresApplier(pool, bed.registry, salesByDay, live);
        await applier.ensureTarget();
        let checkpoint = { position: start, sequence: 0 };
        for (const event of placed) checkpoint = await applier.apply([event], checkpoint);
        const { rows } = await pool.query<{ name: string; generic: number; custom: number }>(
          `select regexp_replace(name, '_[0-9a-f]{16}$', '') as name, generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements order by name`,
        );
        // Planned for every batch, each of these took longer to plan than to run.
        expect(rows).toEqual([
          { name: 'sales_days_put', custom: 5, generic: 7 },
          { name: 'sales_orders', custom: 5, generic: 7 },
          { name: 'sales_orders_put', custom: 5, generic: 7 },
        ]);
        expect(await query(`select orders_placed from read_models.sales_by_day where day = '2026-03-15' and currency = 'EUR'`)).toEqual([{ orders_placed: 12 }]);
      } finally {
        await pool.end();
      }
    });
  });

  describe('a live batch against a big read model', () => {
    /** The relations a statement's plan reads in full (Seq Scan), from EXPLAIN's JSON. */
    async function scannedInFull(statement: QueryConfig): Promise<string[]> {
      const [row] = await query(`explain (format json) ${statement.text}`, statement.values);
      const scanned: string[] = [];
      const walk = (node: { 'Node Type': string; 'Relation Name'?: string; Plans?: unknown[] }) => {
        if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) scanned.push(node['Relation Name']);
        for (const child of node.Plans ?? []) walk(child as typeof node);
      };
      walk(row['QUERY PLAN'][0].Plan);
      return scanned;
    }

    it('looks up the few orders and SKUs it touches by key instead of reading the whole table', async () => {
      const orders = tableNames('plan_order_summary');
      const stock = tableNames('plan_stock_level');
      await bed.db.pool.query(orderSummary.createTable(orders));
      await bed.db.pool.query(stockLevel.createTable(stock));
      await bed.db.pool.query(
        `insert into ${orders.table} (order_id, customer_id, status, lines, total_minor, currency, placed_at, updated_at, revision)
         select gen_random_uuid(), gen_random_uuid(), 'Pending', '[]', 100, 'EUR', now(), now(), 0 from generate_series(1, 20000)`,
      );
      await bed.db.pool.query(`insert into ${stock.table} (sku, on_hand, reserved, revision, updated_at) select 'SKU-' || i, 10, 0, 0, now() from generate_series(1, 20000) i`);
      await bed.db.pool.query(`analyze ${orders.table}; analyze ${stock.table}`);
      const [{ order_id: orderId }] = await query(`select order_id from ${orders.table} limit 1`);
      const at = new Date().toISOString();

      const confirmed = orderChangesStatement(orders.table, [{ order_id: orderId, status: 'Confirmed', confirmed_at: at, updated_at: at, first: 1, last: 1 }]);
      const reserved = stockChangesStatement(stock.table, [{ sku: 'SKU-7', onHand: 0, reserved: 2, threshold: null, first: 1, last: 1, updatedAt: at }]);
      // Without the row count, Postgres assumes 100 changes and reads all 20,000 rows to join them.
      expect(await scannedInFull(confirmed)).toEqual([]);
      expect(await scannedInFull(reserved)).toEqual([]);

      await bed.db.pool.query(confirmed);
      await bed.db.pool.query(reserved);
      expect(await query(`select status, revision from ${orders.table} where order_id = $1`, [orderId])).toEqual([{ status: 'Confirmed', revision: 1 }]);
      expect(await query(`select reserved, revision from ${stock.table} where sku = 'SKU-7'`)).toEqual([{ reserved: 2, revision: 1 }]);

      // A rebuild's page: planned for its size, and applied whole.
      const page = await query(`select order_id from ${orders.table} where status = 'Pending' limit 500`);
      await bed.db.pool.query(orderChangesStatement(orders.table, page.map((r) => ({ order_id: r.order_id, status: 'Shipped' as const, shipped_at: at, updated_at: at, first: 1, last: 1 }))));
      expect(await query(`select count(*)::int as n from ${orders.table} where status = 'Shipped'`)).toEqual([{ n: 500 }]);
    });
  });

  // Last: it stores an event that breaks its schema, which a validating read (readAll above) refuses.
  describe('events as stored by older or buggy writers', () => {
    it('applies an old-version event upcast, and goes past events of types it does not handle without decoding them', async () => {
      const raw = new PostgresEventStore({ pool: bed.db.pool, codec: rawCodec });
      const order = randomUUID();
      const sku = `SKU-${randomUUID().slice(0, 8).toUpperCase()}`;
      const metadata = { correlationId: order, causationId: 'test', actor: { subject: 'tester', role: 'admin' }, occurredAt: '2026-04-01T10:00:00.000Z' };
      // OrderPlaced v1 had no total (the upcaster computes it from the lines); a StockReceived with
      // quantity 0 breaks its schema: order_summary does not handle it, so it must not even be decoded.
      await raw.append(`order-${order}`, [{ eventId: randomUUID(), type: 'OrderPlaced', data: { orderId: order, customerId: randomUUID(), lines: [{ sku: 'MUG', quantity: 3, unitPrice: eur(300) }] }, metadata }], 'no_stream');
      const broken = await raw.append(`stock-${sku}`, [{ eventId: randomUUID(), type: 'StockReceived', data: { sku, quantity: 0 }, metadata }], 'no_stream');
      await raw.close();
      await bed.append(`order-${order}`, 'OrderConfirmed', { orderId: order });
      const projector = bed.projector([orderSummary]);
      await projector.start();
      await bed.caughtUp('order_summary', await bed.settled());
      await projector.stop();
      expect(await query('select status, total_minor::int as total, currency, revision from read_models.order_summary where order_id = $1', [order])).toEqual([
        { status: 'Confirmed', total: 900, currency: 'EUR', revision: 1 },
      ]);
      const live = (await bed.registry.live('order_summary'))!;
      expect(live.position > broken.position).toBe(true);
      // The sequence still counts every event, handled or not.
      expect(live.sequence).toBe(Number((await query('select count(*) as n from eventstore.events'))[0].n));
      expect(await query('select * from projections.dead_letters')).toEqual([]);
    });
  });
});
