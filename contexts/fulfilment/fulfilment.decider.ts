import type { CompensationReason, FulfilmentEvent, FulfilmentPaymentRecordedData, FulfilmentReservationRecordedData, Money } from '../../event-schemas';
import { unreachable, type Decider } from '../shared/decider';

/**
 * NotStarted → Reserving → AwaitingPayment → Confirmed → Shipping → Completed, or from any step
 * before shipping → Compensating → Compensated. Confirmed means the manager saw the
 * authorization and asks for ConfirmOrder; the order stream alone knows when that happened.
 */
export type FulfilmentPhase = 'NotStarted' | 'Reserving' | 'AwaitingPayment' | 'Confirmed' | 'Shipping' | 'Completed' | 'Compensating' | 'Compensated';

/** pending until inventory answers; reserved and then committed, released or expired; or rejected. */
export type ReservationStatus = 'pending' | FulfilmentReservationRecordedData['status'];

export interface FulfilmentReservation {
  reservationId: string;
  sku: string;
  quantity: number;
  status: ReservationStatus;
}

/** requested until the payment stream answers; the rest mirror it (timedOut: code `timeout`). */
export type FulfilmentPaymentStatus = 'requested' | FulfilmentPaymentRecordedData['status'];

export interface FulfilmentPayment {
  paymentId: string;
  amount: Money;
  /** When the manager asks again by idempotency key if no answer arrived; moves on each ask. */
  deadline: string;
  status: FulfilmentPaymentStatus;
}

export interface Fulfilment {
  phase: Exclude<FulfilmentPhase, 'NotStarted'>;
  orderId: string;
  /** One per order line, in the order of the lines. */
  reservations: readonly FulfilmentReservation[];
  amount: Money;
  /** Until the order is confirmed, reaching this instant rejects it (reservationExpired). */
  reservationsExpireAt: string;
  /** Null until every line is reserved and the authorization was asked for. */
  payment: FulfilmentPayment | null;
  compensationReason: CompensationReason | null;
  shipped: boolean;
}

export type FulfilmentState = { phase: 'NotStarted' } | Fulfilment;

export const initialFulfilmentState: FulfilmentState = { phase: 'NotStarted' };

export function evolveFulfilment(state: FulfilmentState, event: FulfilmentEvent): FulfilmentState {
  if (event.type === 'FulfilmentStarted') {
    // A second start on one stream is corrupt; evolve never guesses which one holds.
    if (state.phase !== 'NotStarted') return state;
    const { orderId, reservations, amount, reservationsExpireAt } = event.data;
    return {
      phase: 'Reserving',
      orderId,
      reservations: reservations.map((reservation) => ({ ...reservation, status: 'pending' })),
      amount,
      reservationsExpireAt,
      payment: null,
      compensationReason: null,
      shipped: false,
    };
  }
  if (state.phase === 'NotStarted') return state;
  switch (event.type) {
    case 'FulfilmentReservationRecorded': {
      const { reservationId, status } = event.data;
      return { ...state, reservations: state.reservations.map((r) => (r.reservationId === reservationId ? { ...r, status } : r)) };
    }
    case 'FulfilmentPaymentRequested': {
      const { paymentId, amount, deadline } = event.data;
      // Asked again after the deadline: the same payment, still waiting, with a later deadline.
      const status = state.payment?.status ?? 'requested';
      return { ...state, phase: state.phase === 'Reserving' ? 'AwaitingPayment' : state.phase, payment: { paymentId, amount, deadline, status } };
    }
    case 'FulfilmentPaymentRecorded': {
      if (state.payment === null) return state;
      const { status } = event.data;
      const phase = status === 'authorized' && state.phase === 'AwaitingPayment' ? 'Confirmed' : state.phase;
      return { ...state, phase, payment: { ...state.payment, status } };
    }
    case 'FulfilmentShipmentStarted':
      return { ...state, phase: 'Shipping', shipped: true };
    case 'FulfilmentCompleted':
      return { ...state, phase: 'Completed' };
    case 'FulfilmentCompensationStarted':
      return { ...state, phase: 'Compensating', compensationReason: event.data.reason };
    case 'FulfilmentCompensated':
      return { ...state, phase: 'Compensated', compensationReason: event.data.reason };
    default:
      return unreachable(event, 'fulfilment event');
  }
}

export const fulfilmentDecider: Decider<FulfilmentState, FulfilmentEvent> = {
  category: 'fulfilment',
  snapshotVersion: 1,
  initialState: initialFulfilmentState,
  evolve: evolveFulfilment,
};
