import { defineReplay } from '../replay-projection';

/**
 * Example analyst projection: every order line with what became of its order, and a view per SKU.
 *
 *   npx commerce replay --projection projections/replay/examples/orders-per-sku.ts --into orders_per_sku
 *   psql "$(npx commerce db url --show-password)" -c 'select * from replay_orders_per_sku.orders_per_sku'
 *
 * Handlers need no redelivery guards: the replay applies each event exactly once per schema (its
 * checkpoint commits with each batch). Unqualified names resolve in the scratch schema.
 */
export default defineReplay({
  description: 'order lines by SKU: orders, units and value placed, and how many were cancelled or rejected',

  createTables: () => `
    create table order_lines (
      order_id uuid not null,
      line int not null,
      sku text not null,
      quantity int not null,
      amount_minor bigint not null,
      currency text not null,
      placed_at timestamptz not null,
      status text not null,
      primary key (order_id, line)
    );
    create view orders_per_sku as
      select sku, currency,
        count(*) as orders,
        sum(quantity) as units,
        sum(amount_minor) as placed_minor,
        count(*) filter (where status = 'Cancelled') as cancelled,
        count(*) filter (where status = 'Rejected') as rejected,
        sum(amount_minor) filter (where status not in ('Cancelled', 'Rejected')) as kept_minor
      from order_lines group by sku, currency order by sku, currency;`,

  handlers: {
    OrderPlaced: async (event, { sql }) => {
      const { orderId, lines } = event.data;
      await sql.query(
        `insert into order_lines (order_id, line, sku, quantity, amount_minor, currency, placed_at, status)
         select $1, l.line, l.sku, l.quantity, l.quantity * l.amount, l.currency, $3, 'Pending'
         from jsonb_to_recordset($2::jsonb) as l(line int, sku text, quantity int, amount bigint, currency text)`,
        [orderId, JSON.stringify(lines.map((l, i) => ({ line: i + 1, sku: l.sku, quantity: l.quantity, amount: l.unitPrice.amountMinor, currency: l.unitPrice.currency }))), event.metadata.occurredAt],
      );
    },
    OrderConfirmed: async (event, { sql }) => {
      await sql.query(`update order_lines set status = 'Confirmed' where order_id = $1`, [event.data.orderId]);
    },
    OrderRejected: async (event, { sql }) => {
      await sql.query(`update order_lines set status = 'Rejected' where order_id = $1`, [event.data.orderId]);
    },
    OrderCancelled: async (event, { sql }) => {
      await sql.query(`update order_lines set status = 'Cancelled' where order_id = $1`, [event.data.orderId]);
    },
    OrderShipped: async (event, { sql }) => {
      await sql.query(`update order_lines set status = 'Shipped' where order_id = $1`, [event.data.orderId]);
    },
  },
});
