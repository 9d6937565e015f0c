import type { OrderEvent } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import type { OrderState } from './order.decider';
import { orderAlreadyShipped, orderClosed, placedOrder, requireText } from './order.rules';

export interface CancelOrder {
  orderId: string;
  /** As given by the customer or an operator. */
  reason: string;
}

/** Before shipment only; returns are later work. Cancelling a cancelled order decides nothing (the first reason stays). */
export function decideCancelOrder(command: CancelOrder, state: OrderState): OrderEvent[] {
  const reason = requireText(command.reason, 500, 'INVALID_CANCELLATION_REASON', 'A cancellation reason');
  const order = placedOrder(state, command.orderId);
  switch (order.status) {
    case 'Pending':
    case 'Confirmed':
      return [{ type: 'OrderCancelled', data: { orderId: order.orderId, reason } }];
    case 'Cancelled':
      return [];
    case 'Shipped':
    case 'Delivered':
      throw orderAlreadyShipped(order, 'cancelled');
    case 'Rejected':
      throw orderClosed(order, 'cancelled');
    default:
      return unreachable(order.status, 'order status');
  }
}
