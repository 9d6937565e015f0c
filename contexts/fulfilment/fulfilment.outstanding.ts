import type { CompensationReason, ReleaseReason } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import type { Fulfilment, FulfilmentState } from './fulfilment.decider';
import { commandIds, type FulfilmentIntent, type VoidReason } from './fulfilment.intents';
import type { DeadlineKind } from './fulfilment.triggers';

/*
 * What the current step still needs, derived from the state alone. `react` sends all of it on
 * every trigger, so a crash between recording and sending heals on the next delivery, and a
 * step never depends on remembering what was sent before: commands are idempotent by id.
 */

/**
 * Why stock goes back, per compensation, in StockReservationReleased's words. Inventory's
 * ReleaseReservation refuses `expired` (only ExpireReservations decides an expiry), so the runtime
 * has to carry a release for expiry to inventory as ExpireReservations of that SKU.
 */
export const RELEASE_REASON: Readonly<Record<CompensationReason, ReleaseReason>> = Object.freeze({
  cancelled: 'cancelled',
  outOfStock: 'rejected',
  paymentDeclined: 'paymentFailed',
  reservationExpired: 'expired',
});

export function voidReasonFor(reason: CompensationReason): VoidReason {
  return reason === 'cancelled' ? 'orderCancelled' : 'orderRejected';
}

/** `paymentToken` is only called when an authorization must be (re)sent. */
export function outstandingIntents(state: FulfilmentState, paymentToken: () => string): FulfilmentIntent[] {
  if (state.phase === 'NotStarted') return [];
  const { orderId } = state;
  switch (state.phase) {
    case 'Reserving':
      return state.reservations
        .filter((r) => r.status === 'pending')
        .map(({ sku, reservationId, quantity }) => ({
          type: 'ReserveStock',
          commandId: commandIds.reserve(orderId, sku),
          sku,
          reservationId,
          orderId,
          quantity,
          expiresAt: state.reservationsExpireAt,
        }));
    case 'AwaitingPayment':
      return [authorizeIntent(state, paymentToken)];
    case 'Confirmed':
      return [{ type: 'ConfirmOrder', commandId: commandIds.confirm(orderId), orderId }];
    case 'Shipping': {
      const commits: FulfilmentIntent[] = state.reservations
        .filter((r) => r.status === 'reserved')
        .map(({ sku, reservationId }) => ({ type: 'CommitReservation', commandId: commandIds.commit(orderId, sku), sku, reservationId }));
      const capture: FulfilmentIntent[] = state.payment?.status === 'authorized' ? [{ type: 'CapturePayment', commandId: commandIds.capture(orderId), orderId }] : [];
      return [...commits, ...capture];
    }
    case 'Completed':
      return [];
    case 'Compensating':
      return [...releases(state), ...voids(state), ...rejection(state)];
    case 'Compensated':
      // Compensation can end in the step that decided it (one line, out of stock): the rejection
      // is then still owed, and asking again costs nothing once the order is rejected.
      return rejection(state);
    default:
      return unreachable(state, 'fulfilment phase');
  }
}

export function authorizeIntent(state: Fulfilment, paymentToken: () => string): FulfilmentIntent {
  if (state.payment === null) throw new Error(`Fulfilment of order ${state.orderId} has no payment to authorize; FulfilmentPaymentRequested must come first.`);
  const { orderId } = state;
  const { paymentId, amount } = state.payment;
  return { type: 'AuthorizePayment', commandId: commandIds.authorize(orderId), orderId, paymentId, amount, paymentToken: paymentToken() };
}

/** Reservations still pending are released once inventory answers them with StockReserved. */
function releases(state: Fulfilment): FulfilmentIntent[] {
  const reason = RELEASE_REASON[compensationReasonOf(state)];
  return state.reservations
    .filter((r) => r.status === 'reserved')
    .map(({ sku, reservationId }) => ({ type: 'ReleaseReservation', commandId: commandIds.release(state.orderId, sku), sku, reservationId, reason }));
}

/** An authorization still outstanding is voided when PaymentAuthorized arrives, not before. */
function voids(state: Fulfilment): FulfilmentIntent[] {
  if (state.payment?.status !== 'authorized') return [];
  return [{ type: 'VoidAuthorization', commandId: commandIds.void(state.orderId), orderId: state.orderId, reason: voidReasonFor(compensationReasonOf(state)) }];
}

function rejection(state: Fulfilment): FulfilmentIntent[] {
  const reason = compensationReasonOf(state);
  if (reason === 'cancelled') return [];
  return [{ type: 'RejectOrder', commandId: commandIds.reject(state.orderId), orderId: state.orderId, reason }];
}

function compensationReasonOf(state: Fulfilment): CompensationReason {
  if (state.compensationReason === null) throw new Error(`Fulfilment of order ${state.orderId} is compensating without a reason; its stream is corrupt.`);
  return state.compensationReason;
}

/** The deadlines the runtime's scheduler must deliver as DeadlineReached; none once they no longer matter. */
export function deadlinesOf(state: FulfilmentState): { kind: DeadlineKind; at: string }[] {
  if (state.phase === 'NotStarted') return [];
  const deadlines: { kind: DeadlineKind; at: string }[] = [];
  // After confirmation the order is no longer rejected for slow stock (DOMAIN step 6).
  if (state.phase === 'Reserving' || state.phase === 'AwaitingPayment') deadlines.push({ kind: 'reservations', at: state.reservationsExpireAt });
  if (state.payment !== null && awaitsAuthorization(state)) deadlines.push({ kind: 'payment', at: state.payment.deadline });
  return deadlines;
}

/**
 * The authorization has no answer yet and one is still needed: to confirm, or, once compensating,
 * to learn whether a hold exists that must be voided.
 */
export function awaitsAuthorization(state: Fulfilment): boolean {
  return state.payment?.status === 'requested' && (state.phase === 'AwaitingPayment' || state.phase === 'Compensating');
}

/** Whether `react` may need the order's payment token for this state, so the runtime can read it only then. */
export function needsPaymentToken(state: FulfilmentState): boolean {
  return state.phase === 'Reserving' || (state.phase !== 'NotStarted' && awaitsAuthorization(state));
}
