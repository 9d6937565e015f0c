import { z } from 'zod';
import type { CurrencyCode } from '../../event-schemas/money';
import { moneyView } from '../http/query-params';

export const ORDER_STATUSES = ['Pending', 'Confirmed', 'Rejected', 'Cancelled', 'Shipped', 'Delivered'] as const;

const instant = z.string().describe('ISO-8601 UTC instant');
const orderLineView = z.object({ sku: z.string(), quantity: z.int(), unitPrice: moneyView });

/** An order as the read API shows it (from the order_summary read model). */
export const orderView = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    status: z.enum(ORDER_STATUSES),
    lines: z.array(orderLineView),
    total: moneyView,
    revision: z.int().describe('Order stream revision of the last change; send it as If-Match to the write API'),
    placedAt: instant,
    updatedAt: instant,
    reason: z.string().nullable().describe('Why it was rejected or cancelled'),
    carrier: z.string().nullable(),
    confirmedAt: instant.nullable(),
    shippedAt: instant.nullable(),
    deliveredAt: instant.nullable(),
    closedAt: instant.nullable().describe('When it was rejected or cancelled'),
  })
  .meta({ title: 'Order' });

export type OrderView = z.infer<typeof orderView>;

/** A row of read_models.order_summary. */
export interface OrderRow {
  order_id: string;
  customer_id: string;
  status: OrderView['status'];
  lines: OrderView['lines'];
  total_minor: string;
  currency: CurrencyCode;
  placed_at: Date;
  updated_at: Date;
  revision: number;
  reason: string | null;
  carrier: string | null;
  confirmed_at: Date | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  closed_at: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toOrderView(row: OrderRow): OrderView {
  return {
    id: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    lines: row.lines,
    total: { amountMinor: Number(row.total_minor), currency: row.currency },
    revision: row.revision,
    placedAt: row.placed_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    reason: row.reason,
    carrier: row.carrier,
    confirmedAt: iso(row.confirmed_at),
    shippedAt: iso(row.shipped_at),
    deliveredAt: iso(row.delivered_at),
    closedAt: iso(row.closed_at),
  };
}

/** An entry of a customer's order history (from the customer_orders read model). */
export const customerOrderView = z
  .object({
    id: z.uuid(),
    status: z.enum(ORDER_STATUSES),
    placedAt: instant,
    updatedAt: instant,
    total: moneyView,
    lines: z.array(orderLineView),
    revision: z.int(),
  })
  .meta({ title: 'CustomerOrder' });

export type CustomerOrderView = z.infer<typeof customerOrderView>;

/** Every event that touched an order, for auditors (from the order_timeline read model). */
export const orderTimelineView = z
  .object({
    orderId: z.uuid(),
    customerId: z.uuid().nullable(),
    status: z.enum(ORDER_STATUSES).nullable(),
    entries: z.array(
      z.object({
        position: z.string().describe('Global position of the event'),
        eventId: z.uuid(),
        type: z.string().describe('Event type, e.g. OrderPlaced, StockReserved, PaymentAuthorized'),
        streamId: z.string(),
        revision: z.int(),
        occurredAt: instant,
        recordedAt: instant,
        actor: z.object({ subject: z.string(), role: z.string() }),
        correlationId: z.string(),
        causationId: z.string(),
        summary: z.string().describe('One readable line'),
        data: z.unknown().describe('The event payload'),
      }),
    ),
  })
  .meta({ title: 'OrderTimeline' });
