import type { OrderEvent, OrderRejectionReason } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { OrderState } from './order.decider';
import { orderAlreadyShipped, orderClosed, orderInWrongState, placedOrder } from './order.rules';

const REJECTION_REASONS: readonly OrderRejectionReason[] = ['outOfStock', 'paymentDeclined', 'reservationExpired'];

export interface RejectOrder {
  orderId: string;
  reason: OrderRejectionReason;
}

/** Only a Pending order is rejected: once confirmed, the way out is CancelOrder. Rejecting twice keeps the first reason. */
export function decideRejectOrder(command: RejectOrder, state: OrderState): OrderEvent[] {
  if (!REJECTION_REASONS.includes(command.reason)) {
    throw new DomainError(
      'INVALID_REJECTION_REASON',
      `Rejection reason ${JSON.stringify(command.reason)} is not valid: send one of ${REJECTION_REASONS.join(', ')}.`,
      'rejected',
      { reason: command.reason },
    );
  }
  const order = placedOrder(state, command.orderId);
  switch (order.status) {
    case 'Pending':
      return [{ type: 'OrderRejected', data: { orderId: order.orderId, reason: command.reason } }];
    case 'Rejected':
      return [];
    case 'Confirmed':
      throw orderInWrongState('ORDER_ALREADY_CONFIRMED', order, 'rejected', 'cancel it instead.');
    case 'Shipped':
    case 'Delivered':
      throw orderAlreadyShipped(order, 'rejected');
    case 'Cancelled':
      throw orderClosed(order, 'rejected');
    default:
      return unreachable(order.status, 'order status');
  }
}
