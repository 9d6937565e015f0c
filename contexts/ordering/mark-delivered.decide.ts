import type { OrderEvent } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import type { OrderState } from './order.decider';
import { orderClosed, orderInWrongState, placedOrder } from './order.rules';

export interface MarkDelivered {
  orderId: string;
}

/** Shipped orders only; the carrier's report may arrive more than once. */
export function decideMarkDelivered(command: MarkDelivered, state: OrderState): OrderEvent[] {
  const order = placedOrder(state, command.orderId);
  switch (order.status) {
    case 'Shipped':
      return [{ type: 'OrderDelivered', data: { orderId: order.orderId } }];
    case 'Delivered':
      return [];
    case 'Pending':
    case 'Confirmed':
      throw orderInWrongState('ORDER_NOT_SHIPPED', order, 'marked delivered', 'ship it first.');
    case 'Rejected':
    case 'Cancelled':
      throw orderClosed(order, 'marked delivered');
    default:
      return unreachable(order.status, 'order status');
  }
}
