import type { QueryConfig } from 'pg';
import { batchStatement } from '../runtime/batch-statement';
import type { ProjectedEvent, PostgresContext, PostgresProjection } from '../runtime/projection';

/**
 * order_summary: one row per order for `GET /orders/{id}` and `GET /orders?customerId&status&from&to`.
 * A batch is folded into one change per order and written with one statement. An order's change
 * applies only where the row has not yet seen the batch's first event for that order (stream
 * revision guard), so a redelivered event changes nothing.
 */
export type OrderStatus = 'Pending' | 'Confirmed' | 'Rejected' | 'Cancelled' | 'Shipped' | 'Delivered';

export interface OrderChange {
  order_id: string;
  /** Set when the batch holds the OrderPlaced: the row is inserted whole. */
  customer_id?: string;
  lines?: unknown;
  total_minor?: number;
  currency?: string;
  placed_at?: string;
  status?: OrderStatus;
  reason?: string;
  carrier?: string;
  confirmed_at?: string;
  shipped_at?: string;
  delivered_at?: string;
  closed_at?: string;
  updated_at: string;
  first: number;
  last: number;
}

/**
 * Folds events into one change per order. `seed` carries changes folded earlier (copied, never
 * mutated), so a long history can be folded page by page into what one fold of it all would give,
 * which is also the row applyOrderChanges leaves after applying those events.
 */
export function foldOrderChanges(events: ProjectedEvent[], seed: readonly OrderChange[] = []): OrderChange[] {
  const changes = new Map<string, OrderChange>(seed.map((c) => [c.order_id, { ...c }]));
  for (const e of events) {
    const orderId = (e.data as { orderId: string }).orderId;
    const at = e.metadata.occurredAt;
    let c = changes.get(orderId);
    if (!c) changes.set(orderId, (c = { order_id: orderId, updated_at: at, first: e.revision, last: e.revision }));
    switch (e.type) {
      case 'OrderPlaced':
        Object.assign(c, { customer_id: e.data.customerId, lines: e.data.lines, total_minor: e.data.total.amountMinor, currency: e.data.total.currency, placed_at: at, status: 'Pending' });
        break;
      case 'OrderConfirmed': Object.assign(c, { status: 'Confirmed', confirmed_at: at }); break;
      case 'OrderRejected': Object.assign(c, { status: 'Rejected', reason: e.data.reason, closed_at: at }); break;
      case 'OrderCancelled': Object.assign(c, { status: 'Cancelled', reason: e.data.reason, closed_at: at }); break;
      case 'OrderShipped': Object.assign(c, { status: 'Shipped', carrier: e.data.carrier, shipped_at: at }); break;
      case 'OrderDelivered': Object.assign(c, { status: 'Delivered', delivered_at: at }); break;
    }
    c.updated_at = at;
    c.last = e.revision;
  }
  return [...changes.values()];
}

const COLUMNS = `order_id uuid, customer_id uuid, lines jsonb, total_minor bigint, currency text, placed_at timestamptz, status text, reason text,
  carrier text, confirmed_at timestamptz, shipped_at timestamptz, delivered_at timestamptz, closed_at timestamptz, updated_at timestamptz, first int, last int`;

/** The statement that writes folded changes (batchStatement: sized for the planner). */
export function orderChangesStatement(table: string, changes: readonly OrderChange[]): QueryConfig {
  return batchStatement(
    'order_changes',
    changes.length,
    (limit) => `with x as (select * from jsonb_to_recordset($1::jsonb) as x(${COLUMNS}) ${limit}),
     changed as (
       update ${table} t set status = coalesce(x.status, t.status), reason = coalesce(x.reason, t.reason), carrier = coalesce(x.carrier, t.carrier),
         confirmed_at = coalesce(x.confirmed_at, t.confirmed_at), shipped_at = coalesce(x.shipped_at, t.shipped_at),
         delivered_at = coalesce(x.delivered_at, t.delivered_at), closed_at = coalesce(x.closed_at, t.closed_at),
         updated_at = x.updated_at, revision = x.last
       from x where t.order_id = x.order_id and t.revision < x.first
     )
     insert into ${table} (order_id, customer_id, status, lines, total_minor, currency, placed_at, updated_at, revision, reason, carrier, confirmed_at, shipped_at, delivered_at, closed_at)
     select order_id, customer_id, status, lines, total_minor, currency, placed_at, updated_at, last, reason, carrier, confirmed_at, shipped_at, delivered_at, closed_at
     from x where x.customer_id is not null and not exists (select 1 from ${table} t where t.order_id = x.order_id)`,
    [JSON.stringify(changes), changes.length],
  );
}

async function applyOrderChanges(events: ProjectedEvent[], { sql, table }: PostgresContext): Promise<void> {
  await sql.query(orderChangesStatement(table, foldOrderChanges(events)));
}

export const orderSummary: PostgresProjection = {
  name: 'order_summary',
  version: 1,
  kind: 'postgres',
  description: 'One row per order: status, customer, lines and total; lists by customer, status and date',
  createTable: ({ table, prefix }) => `
    create table ${table} (
      order_id uuid primary key,
      customer_id uuid not null,
      status text not null,
      lines jsonb not null,
      total_minor bigint not null,
      currency text not null,
      placed_at timestamptz not null,
      updated_at timestamptz not null,
      revision int not null,
      reason text,
      carrier text,
      confirmed_at timestamptz,
      shipped_at timestamptz,
      delivered_at timestamptz,
      closed_at timestamptz
    );
    create index "${prefix}_by_customer" on ${table} (customer_id, placed_at desc, order_id desc);
    create index "${prefix}_by_status" on ${table} (status, placed_at desc, order_id desc);
    create index "${prefix}_by_date" on ${table} (placed_at desc, order_id desc);`,
  batch: {
    handles: ['OrderPlaced', 'OrderConfirmed', 'OrderRejected', 'OrderCancelled', 'OrderShipped', 'OrderDelivered'],
    apply: applyOrderChanges,
  },
};
