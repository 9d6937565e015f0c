import type { Money, OrderEvent, OrderLine } from '../../event-schemas';
import { unreachable, type Decider } from '../shared/decider';

/** Pending → Confirmed → Shipped → Delivered; Rejected and Cancelled are terminal. */
export type OrderStatus = 'Pending' | 'Confirmed' | 'Shipped' | 'Delivered' | 'Rejected' | 'Cancelled';

export interface PlacedOrder {
  status: OrderStatus;
  orderId: string;
  customerId: string;
  /** Immutable once placed, with the prices copied at placement. */
  lines: readonly OrderLine[];
  total: Money;
  /** Why it was rejected or cancelled; null while it is open or after it shipped. */
  closedReason: string | null;
  carrier: string | null;
}

export type OrderState = { status: 'NotPlaced' } | PlacedOrder;

export const initialOrderState: OrderState = { status: 'NotPlaced' };

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  if (event.type === 'OrderPlaced') {
    const { orderId, customerId, lines, total } = event.data;
    return { status: 'Pending', orderId, customerId, lines, total, closedReason: null, carrier: null };
  }
  // A stream whose first event is not OrderPlaced is corrupt; evolve never guesses.
  if (state.status === 'NotPlaced') return state;
  switch (event.type) {
    case 'OrderConfirmed':
      return { ...state, status: 'Confirmed' };
    case 'OrderRejected':
      return { ...state, status: 'Rejected', closedReason: event.data.reason };
    case 'OrderCancelled':
      return { ...state, status: 'Cancelled', closedReason: event.data.reason };
    case 'OrderShipped':
      return { ...state, status: 'Shipped', carrier: event.data.carrier };
    case 'OrderDelivered':
      return { ...state, status: 'Delivered' };
    default:
      return unreachable(event, 'order event');
  }
}

export const orderDecider: Decider<OrderState, OrderEvent> = {
  category: 'order',
  snapshotVersion: 1,
  initialState: initialOrderState,
  evolve: evolveOrder,
};
