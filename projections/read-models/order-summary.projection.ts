import type { ProjectedEvent, PostgresContext, PostgresProjection } from '../runtime/projection';

/**
 * order_summary: one row per order for `GET /orders/{id}` and `GET /orders?customerId&status&from&to`.
 * Every update is guarded by the order stream's revision, so a redelivered event changes nothing
 * even outside the runtime's transactional checkpoint.
 */
export type OrderStatus = 'Pending' | 'Confirmed' | 'Rejected' | 'Cancelled' | 'Shipped' | 'Delivered';

async function transition(event: ProjectedEvent, { sql, table }: PostgresContext, status: OrderStatus, set = '', values: unknown[] = []): Promise<void> {
  await sql.query(
    `update ${table} set status = $3, revision = $2, updated_at = $4${set ? ', ' + set : ''} where order_id = $1 and revision < $2`,
    [(event.data as { orderId: string }).orderId, event.revision, status, event.metadata.occurredAt, ...values],
  );
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
  handlers: {
    OrderPlaced: async (e, { sql, table }) => {
      await sql.query(
        `insert into ${table} (order_id, customer_id, status, lines, total_minor, currency, placed_at, updated_at, revision)
         values ($1, $2, 'Pending', $3, $4, $5, $6, $6, $7) on conflict (order_id) do nothing`,
        [e.data.orderId, e.data.customerId, JSON.stringify(e.data.lines), e.data.total.amountMinor, e.data.total.currency, e.metadata.occurredAt, e.revision],
      );
    },
    OrderConfirmed: (e, ctx) => transition(e, ctx, 'Confirmed', 'confirmed_at = $4'),
    OrderRejected: (e, ctx) => transition(e, ctx, 'Rejected', 'reason = $5, closed_at = $4', [e.data.reason]),
    OrderCancelled: (e, ctx) => transition(e, ctx, 'Cancelled', 'reason = $5, closed_at = $4', [e.data.reason]),
    OrderShipped: (e, ctx) => transition(e, ctx, 'Shipped', 'carrier = $5, shipped_at = $4', [e.data.carrier]),
    OrderDelivered: (e, ctx) => transition(e, ctx, 'Delivered', 'delivered_at = $4'),
  },
};
