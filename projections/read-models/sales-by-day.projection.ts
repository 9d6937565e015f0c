import type { ProjectedEvent, PostgresContext, PostgresProjection } from '../runtime/projection';
import { SMALL_BATCH, sizedStatement } from '../../platform/postgres/statement-name';

/**
 * sales_by_day: for analysts, per UTC day of placement and currency: orders placed, confirmed,
 * rejected and cancelled, the value placed, and revenue (the value of orders confirmed and not
 * cancelled since). Orders count toward the day they were placed, so a day's figures settle as
 * their orders progress. A side table remembers each order's day, value and last revision; an
 * event counts only if it is newer than that revision, so a redelivered event counts once.
 * A batch costs at most three statements: read the side rows it needs, write them, add the sums.
 */
interface OrderRow {
  order_id: string;
  day: string;
  currency: string;
  total_minor: number;
  confirmed: boolean;
  revision: number;
}

interface DayDelta {
  day: string;
  currency: string;
  placed: number;
  confirmed: number;
  rejected: number;
  cancelled: number;
  placed_minor: number;
  revenue_minor: number;
}

export function foldSales(events: ProjectedEvent[], known: Map<string, OrderRow>): { orders: OrderRow[]; days: DayDelta[] } {
  const changed = new Map<string, OrderRow>();
  const days = new Map<string, DayDelta>();
  const delta = (row: OrderRow) => {
    const key = `${row.day}|${row.currency}`;
    let d = days.get(key);
    if (!d) days.set(key, (d = { day: row.day, currency: row.currency, placed: 0, confirmed: 0, rejected: 0, cancelled: 0, placed_minor: 0, revenue_minor: 0 }));
    return d;
  };
  for (const e of events) {
    const orderId = (e.data as { orderId: string }).orderId;
    const row = changed.get(orderId) ?? known.get(orderId);
    if (e.type === 'OrderPlaced') {
      if (row) continue; // already counted
      const placed = { order_id: orderId, day: e.metadata.occurredAt.slice(0, 10), currency: e.data.total.currency, total_minor: e.data.total.amountMinor, confirmed: false, revision: e.revision };
      changed.set(orderId, placed);
      const d = delta(placed);
      d.placed += 1;
      d.placed_minor += placed.total_minor;
      continue;
    }
    if (!row || row.revision >= e.revision) continue;
    const d = delta(row);
    const next = { ...row, revision: e.revision };
    if (e.type === 'OrderConfirmed') {
      d.confirmed += 1;
      d.revenue_minor += row.total_minor;
      next.confirmed = true;
    } else if (e.type === 'OrderRejected' || e.type === 'OrderCancelled') {
      if (e.type === 'OrderRejected') d.rejected += 1;
      else d.cancelled += 1;
      if (row.confirmed) d.revenue_minor -= row.total_minor;
      next.confirmed = false;
    }
    changed.set(orderId, next);
  }
  return { orders: [...changed.values()], days: [...days.values()] };
}

async function applySales(events: ProjectedEvent[], { sql, table, side }: PostgresContext): Promise<void> {
  // Every order of the batch, placed here or not: a redelivered OrderPlaced must find its row.
  const wanted = [...new Set(events.map((e) => (e.data as { orderId: string }).orderId))];
  // A live batch's few ids go in through a sub-select: a custom plan that saw them would look
  // cheaper than the generic one every time, and the statement would be planned again per batch.
  const ids = wanted.length > SMALL_BATCH ? '$1::uuid[]' : '(select $1::uuid[])::uuid[]';
  const { rows } = await sql.query<OrderRow>(
    sizedStatement(
      'sales_orders',
      wanted.length,
      `select order_id, to_char(day, 'YYYY-MM-DD') as day, currency, total_minor::float8 as total_minor, confirmed, revision from ${side('orders')} where order_id = any(${ids})`,
      [wanted],
    ),
  );
  const { orders, days } = foldSales(events, new Map(rows.map((r) => [r.order_id, r])));
  if (orders.length) {
    await sql.query(
      sizedStatement(
        'sales_orders_put',
        orders.length,
        `insert into ${side('orders')} (order_id, day, currency, total_minor, confirmed, revision)
       select * from jsonb_to_recordset($1::jsonb) as x(order_id uuid, day date, currency text, total_minor bigint, confirmed boolean, revision int)
       on conflict (order_id) do update set confirmed = excluded.confirmed, revision = excluded.revision`,
        [JSON.stringify(orders)],
      ),
    );
  }
  if (days.length) {
    await sql.query(
      sizedStatement(
        'sales_days_put',
        days.length,
        `insert into ${table} as s (day, currency, orders_placed, orders_confirmed, orders_rejected, orders_cancelled, placed_minor, revenue_minor)
       select * from jsonb_to_recordset($1::jsonb) as x(day date, currency text, placed int, confirmed int, rejected int, cancelled int, placed_minor bigint, revenue_minor bigint)
       on conflict (day, currency) do update set
         orders_placed = s.orders_placed + excluded.orders_placed, orders_confirmed = s.orders_confirmed + excluded.orders_confirmed,
         orders_rejected = s.orders_rejected + excluded.orders_rejected, orders_cancelled = s.orders_cancelled + excluded.orders_cancelled,
         placed_minor = s.placed_minor + excluded.placed_minor, revenue_minor = s.revenue_minor + excluded.revenue_minor`,
        [JSON.stringify(days)],
      ),
    );
  }
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
  batch: {
    handles: ['OrderPlaced', 'OrderConfirmed', 'OrderRejected', 'OrderCancelled'],
    apply: applySales,
  },
};
