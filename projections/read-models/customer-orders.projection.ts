import type { DocumentProjection, ProjectedEvent } from '../runtime/projection';

/** customer_orders: a customer's order history, one document per order, listed by customer and date. */
export interface CustomerOrder {
  orderId: string;
  customerId: string;
  status: string;
  placedAt: string;
  updatedAt: string;
  total: { amountMinor: number; currency: string };
  lines: { sku: string; quantity: number; unitPrice: { amountMinor: number; currency: string } }[];
  /** Order stream revision of the last change. */
  revision: number;
}

const orderId = (e: ProjectedEvent) => (e.data as { orderId: string }).orderId;

const to = (status: string) => ({
  ids: orderId,
  apply: (doc: CustomerOrder | null, e: ProjectedEvent): CustomerOrder | null =>
    doc && { ...doc, status, updatedAt: e.metadata.occurredAt, revision: e.revision },
});

export const customerOrders: DocumentProjection<CustomerOrder> = {
  name: 'customer_orders',
  // Placed and confirmed usually arrive within this time of each other: one write for both.
  lingerMs: 100,
  version: 1,
  kind: 'documents',
  description: "A customer's order history: status, total and lines of each order, newest first",
  spec: { indexes: [['customerId', 'placedAt']] },
  handlers: {
    OrderPlaced: {
      ids: orderId,
      apply: (doc, e) =>
        doc ?? {
          orderId: e.data.orderId, customerId: e.data.customerId, status: 'Pending', placedAt: e.metadata.occurredAt,
          updatedAt: e.metadata.occurredAt, total: e.data.total, lines: e.data.lines, revision: e.revision,
        },
    },
    OrderConfirmed: to('Confirmed'),
    OrderRejected: to('Rejected'),
    OrderCancelled: to('Cancelled'),
    OrderShipped: to('Shipped'),
    OrderDelivered: to('Delivered'),
  },
};
