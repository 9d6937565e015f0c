import { DomainError } from '../shared/domain-error';
import type { OrderState, PlacedOrder } from './order.decider';

/** What the refused command tried, for messages: "cannot be <action>". */
export type OrderAction = 'confirmed' | 'rejected' | 'cancelled' | 'shipped' | 'marked delivered';

export function placedOrder(state: OrderState, orderId: string): PlacedOrder {
  if (state.status === 'NotPlaced') {
    throw new DomainError('ORDER_NOT_FOUND', `Order ${orderId} does not exist; check the order id.`, 'not_found', { orderId });
  }
  return state;
}

export function orderClosed(order: PlacedOrder, action: OrderAction): DomainError {
  const how = order.status === 'Rejected' ? `was rejected (${order.closedReason})` : 'was cancelled';
  return new DomainError('ORDER_CLOSED', `Order ${order.orderId} ${how} and is closed, so it cannot be ${action}; place a new order instead.`, 'conflict', {
    orderId: order.orderId,
    status: order.status,
  });
}

export function orderAlreadyShipped(order: PlacedOrder, action: OrderAction): DomainError {
  return new DomainError(
    'ORDER_ALREADY_SHIPPED',
    `Order ${order.orderId} is ${order.status === 'Delivered' ? 'delivered' : 'shipped'}, so it cannot be ${action}; a return is needed instead.`,
    'conflict',
    { orderId: order.orderId, status: order.status },
  );
}

export function orderInWrongState(code: 'ORDER_NOT_CONFIRMED' | 'ORDER_NOT_SHIPPED' | 'ORDER_ALREADY_CONFIRMED', order: PlacedOrder, action: OrderAction, advice: string): DomainError {
  return new DomainError(code, `Order ${order.orderId} is ${order.status}, so it cannot be ${action}; ${advice}`, 'conflict', { orderId: order.orderId, status: order.status });
}

/** Trims and checks the length the event allows; returns the trimmed text. */
export function requireText(value: string, maxLength: number, code: string, what: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > maxLength) {
    throw new DomainError(code, `${what} must be 1-${maxLength} characters, not only spaces.`, 'rejected');
  }
  return trimmed;
}
