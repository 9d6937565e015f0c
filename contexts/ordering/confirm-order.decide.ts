import type { OrderEvent } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import type { OrderState } from './order.decider';
import { orderClosed, placedOrder } from './order.rules';

export interface ConfirmOrder {
  orderId: string;
}

/** Every line reserved and the payment authorized. An order already past Pending on the happy path is confirmed already. */
export function decideConfirmOrder(command: ConfirmOrder, state: OrderState): OrderEvent[] {
  const order = placedOrder(state, command.orderId);
  switch (order.status) {
    case 'Pending':
      return [{ type: 'OrderConfirmed', data: { orderId: order.orderId } }];
    case 'Confirmed':
    case 'Shipped':
    case 'Delivered':
      return [];
    case 'Rejected':
    case 'Cancelled':
      throw orderClosed(order, 'confirmed');
    default:
      return unreachable(order.status, 'order status');
  }
}
