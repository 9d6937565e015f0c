import type { CompensationReason, FulfilmentEvent } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import type { Fulfilment, FulfilmentPaymentStatus, FulfilmentReservation, ReservationStatus } from './fulfilment.decider';
import { paymentIdFor } from './fulfilment.intents';
import { awaitsAuthorization } from './fulfilment.outstanding';
import type { DeadlineReached, FulfilmentTrigger } from './fulfilment.triggers';

/** The code of a failure when the gateway never answered: payments' AUTHORIZATION_TIMEOUT_CODE, which contexts may not import. */
const TIMEOUT_CODE = 'timeout';

export interface Clock {
  /** Milliseconds since the epoch; only read by steps that set a deadline. */
  now(): number;
  paymentTimeoutMs: number;
}

/**
 * The facts a trigger adds, and the compensation it starts. Each fact is recorded only on the
 * transition it describes (a reservation pending → reserved, a payment requested → authorized…),
 * so a trigger already reflected in the state adds nothing.
 */
export function observe(state: Fulfilment, trigger: FulfilmentTrigger, clock: Clock): FulfilmentEvent[] {
  const { orderId } = state;
  switch (trigger.type) {
    case 'OrderPlaced':
    case 'OrderConfirmed':
      return [];
    case 'OrderRejected':
      // Only the manager asks for RejectOrder; a rejection it did not decide still closes the order.
      return isOpen(state) ? [compensationStarted(orderId, trigger.data.reason)] : [];
    case 'OrderCancelled':
      return isOpen(state) ? [compensationStarted(orderId, 'cancelled')] : [];
    case 'OrderShipped':
      return state.phase === 'Confirmed' ? [{ type: 'FulfilmentShipmentStarted', data: { orderId } }] : [];
    case 'StockReserved':
      return reservationChange(state, trigger.data.reservationId, 'reserved', ['pending']);
    case 'StockReservationRejected': {
      const seen = reservationChange(state, trigger.data.reservationId, 'rejected', ['pending']);
      return seen.length > 0 && isOpen(state) ? [...seen, compensationStarted(orderId, 'outOfStock')] : seen;
    }
    case 'StockReservationReleased': {
      const expired = trigger.data.reason === 'expired';
      const seen = reservationChange(state, trigger.data.reservationId, expired ? 'expired' : 'released', ['pending', 'reserved']);
      // Inventory's own expiry run may get there before the manager's deadline does (DOMAIN step 6).
      return seen.length > 0 && expired && beforeConfirmation(state) ? [...seen, compensationStarted(orderId, 'reservationExpired')] : seen;
    }
    case 'StockCommitted':
      return reservationChange(state, trigger.data.reservationId, 'committed', ['pending', 'reserved']);
    case 'PaymentAuthorized':
      return paymentChange(state, trigger.data.paymentId, 'authorized', ['requested']);
    case 'PaymentAuthorizationFailed': {
      // The payments handler asked the gateway by key and voided any late hold before recording a timeout.
      const seen = paymentChange(state, trigger.data.paymentId, trigger.data.code === TIMEOUT_CODE ? 'timedOut' : 'declined', ['requested']);
      return seen.length > 0 && state.phase === 'AwaitingPayment' ? [...seen, compensationStarted(orderId, 'paymentDeclined')] : seen;
    }
    case 'AuthorizationVoided':
      return paymentChange(state, trigger.data.paymentId, 'voided', ['authorized', 'timedOut']);
    case 'PaymentCaptured':
      return paymentChange(state, trigger.data.paymentId, 'captured', ['authorized']);
    case 'DeadlineReached':
      return deadlineReached(state, trigger.data, clock);
    default:
      return unreachable(trigger, 'fulfilment trigger');
  }
}

/**
 * The step that follows from the state alone once the facts are in: ask for the payment when
 * every line is reserved, finish when everything is committed and captured, or released and
 * voided. `hasPaymentToken` is only asked when every line is reserved.
 */
export function advance(state: Fulfilment, hasPaymentToken: () => boolean, clock: Clock): FulfilmentEvent[] {
  const { orderId } = state;
  switch (state.phase) {
    case 'Reserving':
      if (!state.reservations.every((r) => r.status === 'reserved')) return [];
      // No token (an order placed before OrderPlaced v3): nothing could ever authorize it.
      if (!hasPaymentToken()) return [compensationStarted(orderId, 'paymentDeclined')];
      return [{ type: 'FulfilmentPaymentRequested', data: { orderId, paymentId: paymentIdFor(orderId), amount: state.amount, deadline: iso(clock.now() + clock.paymentTimeoutMs) } }];
    case 'Shipping':
      return state.reservations.every((r) => r.status === 'committed') && state.payment?.status === 'captured' ? [{ type: 'FulfilmentCompleted', data: { orderId } }] : [];
    case 'Compensating': {
      const reason = state.compensationReason;
      if (reason === null || !state.reservations.every(isFreed) || !paymentSettled(state)) return [];
      return [{ type: 'FulfilmentCompensated', data: { orderId, reason } }];
    }
    default:
      return [];
  }
}

function deadlineReached(state: Fulfilment, { deadline, at }: DeadlineReached['data'], clock: Clock): FulfilmentEvent[] {
  const reached = Date.parse(at);
  if (Number.isNaN(reached)) throw new Error(`DeadlineReached for order ${state.orderId} has at ${JSON.stringify(at)}; pass the deadline's ISO-8601 UTC instant from deadlinesOf.`);
  switch (deadline) {
    case 'reservations':
      // After confirmation the reservations deadline no longer rejects the order.
      return beforeConfirmation(state) && reached >= Date.parse(state.reservationsExpireAt) ? [compensationStarted(state.orderId, 'reservationExpired')] : [];
    case 'payment': {
      const { payment } = state;
      // A redelivered deadline finds a later one recorded already, and records nothing again.
      if (payment === null || !awaitsAuthorization(state) || reached < Date.parse(payment.deadline)) return [];
      const { paymentId, amount } = payment;
      return [{ type: 'FulfilmentPaymentRequested', data: { orderId: state.orderId, paymentId, amount, deadline: iso(Math.max(clock.now(), reached) + clock.paymentTimeoutMs) } }];
    }
    default:
      return unreachable(deadline, 'deadline');
  }
}

function reservationChange(state: Fulfilment, reservationId: string, status: Exclude<ReservationStatus, 'pending'>, from: readonly ReservationStatus[]): FulfilmentEvent[] {
  const reservation = state.reservations.find((r) => r.reservationId === reservationId);
  // Another process's reservation for this order, or an answer seen before: nothing new.
  if (reservation === undefined || !from.includes(reservation.status)) return [];
  return [{ type: 'FulfilmentReservationRecorded', data: { orderId: state.orderId, reservationId, sku: reservation.sku, status } }];
}

function paymentChange(state: Fulfilment, paymentId: string, status: Exclude<FulfilmentPaymentStatus, 'requested'>, from: readonly FulfilmentPaymentStatus[]): FulfilmentEvent[] {
  const { payment } = state;
  if (payment === null || payment.paymentId !== paymentId || !from.includes(payment.status)) return [];
  return [{ type: 'FulfilmentPaymentRecorded', data: { orderId: state.orderId, paymentId, status } }];
}

function compensationStarted(orderId: string, reason: CompensationReason): FulfilmentEvent {
  return { type: 'FulfilmentCompensationStarted', data: { orderId, reason } };
}

/** Not shipped and not compensating: the order can still be cancelled or rejected. */
function isOpen(state: Fulfilment): boolean {
  return state.phase === 'Reserving' || state.phase === 'AwaitingPayment' || state.phase === 'Confirmed';
}

function beforeConfirmation(state: Fulfilment): boolean {
  return state.phase === 'Reserving' || state.phase === 'AwaitingPayment';
}

/** Holds no stock for the order any more and never will again, without having shipped. */
function isFreed(reservation: FulfilmentReservation): boolean {
  return reservation.status === 'released' || reservation.status === 'expired' || reservation.status === 'rejected';
}

/** No hold is left at the gateway and none can appear: never asked, failed (any late hold voided), or voided. */
function paymentSettled(state: Fulfilment): boolean {
  const status = state.payment?.status;
  return status === undefined || status === 'declined' || status === 'timedOut' || status === 'voided';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
