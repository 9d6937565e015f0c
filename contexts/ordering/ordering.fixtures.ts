/* Test-only sample data for the ordering specs. */
import type { Money, OrderEvent, OrderRejectionReason } from '../../event-schemas';

export const orderId = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';
export const customerId = '3b9f6c2a-8d4e-4f1a-b5c7-9e0d1f2a3b4c';
export const eur = (amountMinor: number): Money => ({ amountMinor, currency: 'EUR' });

export const lines = [
  { sku: 'TSHIRT-RED-M', quantity: 2, unitPrice: eur(2499) },
  { sku: 'MUG-STONEWARE-350', quantity: 1, unitPrice: eur(1250) },
];

export const placed: OrderEvent = { type: 'OrderPlaced', data: { orderId, customerId, lines, total: eur(6248) } };
export const confirmed: OrderEvent = { type: 'OrderConfirmed', data: { orderId } };
export const rejected = (reason: OrderRejectionReason = 'outOfStock'): OrderEvent => ({ type: 'OrderRejected', data: { orderId, reason } });
export const cancelled = (reason = 'Ordered the wrong size'): OrderEvent => ({ type: 'OrderCancelled', data: { orderId, reason } });
export const shipped = (carrier = 'DHL'): OrderEvent => ({ type: 'OrderShipped', data: { orderId, carrier } });
export const delivered: OrderEvent = { type: 'OrderDelivered', data: { orderId } };

/** The event history that leaves an order in each state. */
export const historyOf = {
  NotPlaced: [],
  Pending: [placed],
  Confirmed: [placed, confirmed],
  Shipped: [placed, confirmed, shipped()],
  Delivered: [placed, confirmed, shipped(), delivered],
  Rejected: [placed, rejected()],
  Cancelled: [placed, cancelled()],
  CancelledAfterConfirmation: [placed, confirmed, cancelled()],
} satisfies Record<string, OrderEvent[]>;
