import type { OrderEvent } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import type { OrderState } from './order.decider';
import { orderClosed, orderInWrongState, placedOrder, requireText } from './order.rules';

export interface ShipOrder {
  orderId: string;
  /** Carrier that took the parcel, e.g. DHL. */
  carrier: string;
}

/** Confirmed orders only. A delivered order has shipped already, so shipping it again decides nothing. */
export function decideShipOrder(command: ShipOrder, state: OrderState): OrderEvent[] {
  const carrier = requireText(command.carrier, 100, 'INVALID_CARRIER', 'The carrier');
  const order = placedOrder(state, command.orderId);
  switch (order.status) {
    case 'Confirmed':
      return [{ type: 'OrderShipped', data: { orderId: order.orderId, carrier } }];
    case 'Shipped':
    case 'Delivered':
      return [];
    case 'Pending':
      throw orderInWrongState('ORDER_NOT_CONFIRMED', order, 'shipped', 'wait until its stock is reserved and its payment authorized.');
    case 'Rejected':
    case 'Cancelled':
      throw orderClosed(order, 'shipped');
    default:
      return unreachable(order.status, 'order status');
  }
}
