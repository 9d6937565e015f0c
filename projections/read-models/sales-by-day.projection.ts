import type { ProjectedEvent, PostgresContext, PostgresProjection } from '../runtime/projection';

/**
 * sales_by_day: for analysts, per UTC day of placement and currency: orders placed, confirmed,
 * rejected and cancelled, the value placed, and revenue (the value of orders confirmed and not
 * cancelled since). Orders count toward the day they were placed, so a day's figures settle as its
 * orders progress. A side table remembers each order's day, value and last revision, and the
 * counters move only when that row moved, so a redelivered event counts once.
 */
type Outcome = 'confirmed' | 'rejected' | 'cancelled';

async function settle(event: ProjectedEvent, { sql, table, side }: PostgresContext, outcome: Outcome): Promise<void> {
  const { rows } = await sql.query<{ day: string; currency: string; total_minor: string; was_confirmed: boolean }>(
    `with prior as (select confirmed as was_confirmed from ${side('orders')} where order_id = $1)
     update ${side('orders')} o set revision = $2, confirmed = ($3 = 'confirmed')
     from prior where o.order_id = $1 and o.revision < $2
     returning o.day, o.currency, o.total_minor, prior.was_confirmed`,
    [(event.data as { orderId: string }).orderId, event.revision, outcome],
  );
  const order = rows[0];
  if (!order) return;
  const revenue = outcome === 'confirmed' ? BigInt(order.total_minor) : order.was_confirmed ? -BigInt(order.total_minor) : 0n;
  await sql.query(
    `update ${table} set orders_${outcome} = orders_${outcome} + 1, revenue_minor = revenue_minor + $3 where day = $1 and currency = $2`,
    [order.day, order.currency, String(revenue)],
  );
}

export const salesByDay: PostgresProjection = {
  name: 'sales_by_day',
  version: 1,
  kind: 'postgres',
  description: 'Orders and revenue per day (of placement) and currency, for analysts',
  createTable: ({ table, side }) => `
    create table ${table} (
      day date not null,
      currency text not null,
      orders_placed int not null default 0,
      orders_confirmed int not null default 0,
      orders_rejected int not null default 0,
      orders_cancelled int not null default 0,
      placed_minor bigint not null default 0,
      revenue_minor bigint not null default 0,
      primary key (day, currency)
    );
    create table ${side('orders')} (
      order_id uuid primary key,
      day date not null,
      currency text not null,
      total_minor bigint not null,
      confirmed boolean not null default false,
      revision int not null
    );`,
  handlers: {
    OrderPlaced: async (e, { sql, table, side }) => {
      const day = e.metadata.occurredAt.slice(0, 10);
      const { rowCount } = await sql.query(
        `insert into ${side('orders')} (order_id, day, currency, total_minor, revision) values ($1, $2, $3, $4, $5) on conflict (order_id) do nothing`,
        [e.data.orderId, day, e.data.total.currency, e.data.total.amountMinor, e.revision],
      );
      if (!rowCount) return;
      await sql.query(
        `insert into ${table} as s (day, currency, orders_placed, placed_minor) values ($1, $2, 1, $3)
         on conflict (day, currency) do update set orders_placed = s.orders_placed + 1, placed_minor = s.placed_minor + excluded.placed_minor`,
        [day, e.data.total.currency, e.data.total.amountMinor],
      );
    },
    OrderConfirmed: (e, ctx) => settle(e, ctx, 'confirmed'),
    OrderRejected: (e, ctx) => settle(e, ctx, 'rejected'),
    OrderCancelled: (e, ctx) => settle(e, ctx, 'cancelled'),
  },
};
