import type {
  AuthorizationVoided,
  OrderCancelled,
  OrderConfirmed,
  OrderPlaced,
  OrderRejected,
  OrderShipped,
  PaymentAuthorizationFailed,
  PaymentAuthorized,
  PaymentCaptured,
  StockCommitted,
  StockReservationRejected,
  StockReservationReleased,
  StockReserved,
} from '../../event-schemas';
import { unreachable } from '../shared/decider';

/** A stored event as the manager sees it; occurredAt is the instant recorded in its metadata. */
type Seen<E> = E & { metadata?: { occurredAt: string } };

export type ObservedEvent =
  | OrderPlaced
  | OrderConfirmed
  | OrderRejected
  | OrderCancelled
  | OrderShipped
  | StockReserved
  | StockReservationRejected
  | StockReservationReleased
  | StockCommitted
  | PaymentAuthorized
  | PaymentAuthorizationFailed
  | AuthorizationVoided
  | PaymentCaptured;

export type DeadlineKind = 'reservations' | 'payment';

/** From the runtime's scheduler, for a deadline `deadlinesOf` listed; `at` is that deadline. */
export interface DeadlineReached {
  type: 'DeadlineReached';
  data: { orderId: string; deadline: DeadlineKind; at: string };
}

export type FulfilmentTrigger = Seen<ObservedEvent> | DeadlineReached;

/** The stored event types the manager subscribes to; DeadlineReached comes from the scheduler. */
export const TRIGGER_TYPES: readonly ObservedEvent['type'][] = Object.freeze([
  'OrderPlaced',
  'OrderConfirmed',
  'OrderRejected',
  'OrderCancelled',
  'OrderShipped',
  'StockReserved',
  'StockReservationRejected',
  'StockReservationReleased',
  'StockCommitted',
  'PaymentAuthorized',
  'PaymentAuthorizationFailed',
  'AuthorizationVoided',
  'PaymentCaptured',
]);

/**
 * The order a trigger belongs to, i.e. the stream fulfilment-<orderId> to fold and append to;
 * undefined for anything the manager does not react to. Every trigger names its order, so the
 * manager never has to look a reservation or payment up elsewhere.
 */
export function correlate(trigger: { type: string; data: unknown }): string | undefined {
  if (!isTrigger(trigger)) return undefined;
  switch (trigger.type) {
    case 'OrderPlaced':
    case 'OrderConfirmed':
    case 'OrderRejected':
    case 'OrderCancelled':
    case 'OrderShipped':
    case 'StockReserved':
    case 'StockReservationRejected':
    case 'StockReservationReleased':
    case 'StockCommitted':
    case 'PaymentAuthorized':
    case 'PaymentAuthorizationFailed':
    case 'AuthorizationVoided':
    case 'PaymentCaptured':
    case 'DeadlineReached':
      return trigger.data.orderId;
    default:
      return unreachable(trigger, 'fulfilment trigger');
  }
}

const TYPES: ReadonlySet<string> = new Set<string>([...TRIGGER_TYPES, 'DeadlineReached']);

function isTrigger(event: { type: string; data: unknown }): event is FulfilmentTrigger {
  return TYPES.has(event.type) && typeof event.data === 'object' && event.data !== null && typeof (event.data as { orderId?: unknown }).orderId === 'string';
}
