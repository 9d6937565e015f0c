import type { ReleaseReason, StockEvent } from '../../event-schemas';
import { unreachable, type Decider } from '../shared/decider';

export interface OpenReservation {
  orderId: string;
  quantity: number;
  /** ISO-8601 UTC instant. */
  expiresAt: string;
}

/** Kept for ever so that every reservation ends exactly once and reserving is idempotent per id. */
export type EndedReservation = { orderId: string; quantity: number } & (
  | { outcome: 'committed' }
  | { outcome: 'rejected' }
  | { outcome: 'released'; reason: ReleaseReason }
);

/**
 * One SKU in the (single) warehouse. Records are keyed by reservation id and stay plain JSON so
 * the state can be snapshotted; read them with `openReservation` / `endedReservation`.
 */
export interface StockState {
  onHand: number;
  reserved: number;
  open: Readonly<Record<string, OpenReservation>>;
  ended: Readonly<Record<string, EndedReservation>>;
  /** Set by LowStockDetected; cleared once available is above that threshold again, which re-arms the alert. */
  lowStockAlert: { threshold: number } | null;
}

export const initialStockState: StockState = { onHand: 0, reserved: 0, open: {}, ended: {}, lowStockAlert: null };

export function availableStock(state: StockState): number {
  return state.onHand - state.reserved;
}

// Own properties only: a reservation id is data and may be any non-blank string, even "constructor".
export function openReservation(state: StockState, reservationId: string): OpenReservation | undefined {
  return Object.hasOwn(state.open, reservationId) ? state.open[reservationId] : undefined;
}

export function endedReservation(state: StockState, reservationId: string): EndedReservation | undefined {
  return Object.hasOwn(state.ended, reservationId) ? state.ended[reservationId] : undefined;
}

export function evolveStock(state: StockState, event: StockEvent): StockState {
  switch (event.type) {
    case 'StockReceived':
      return rearm({ ...state, onHand: state.onHand + event.data.quantity });
    case 'StockAdjusted':
      return rearm({ ...state, onHand: state.onHand + event.data.quantityDelta });
    case 'StockReserved': {
      const { reservationId, orderId, quantity, expiresAt } = event.data;
      return { ...state, reserved: state.reserved + quantity, open: { ...state.open, [reservationId]: { orderId, quantity, expiresAt } } };
    }
    case 'StockReservationRejected': {
      const { reservationId, orderId, quantity } = event.data;
      return { ...state, ended: { ...state.ended, [reservationId]: { orderId, quantity, outcome: 'rejected' } } };
    }
    case 'StockReservationReleased': {
      const { reservationId, orderId, quantity, reason } = event.data;
      return rearm({
        ...state,
        reserved: state.reserved - quantity,
        open: without(state.open, reservationId),
        ended: { ...state.ended, [reservationId]: { orderId, quantity, outcome: 'released', reason } },
      });
    }
    case 'StockCommitted': {
      const { reservationId, orderId, quantity } = event.data;
      return {
        ...state,
        onHand: state.onHand - quantity,
        reserved: state.reserved - quantity,
        open: without(state.open, reservationId),
        ended: { ...state.ended, [reservationId]: { orderId, quantity, outcome: 'committed' } },
      };
    }
    case 'LowStockDetected':
      return { ...state, lowStockAlert: { threshold: event.data.threshold } };
    default:
      return unreachable(event, 'stock event');
  }
}

function rearm(state: StockState): StockState {
  return state.lowStockAlert !== null && availableStock(state) > state.lowStockAlert.threshold ? { ...state, lowStockAlert: null } : state;
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

export const stockDecider: Decider<StockState, StockEvent> = {
  category: 'stock',
  snapshotVersion: 1,
  initialState: initialStockState,
  evolve: evolveStock,
};
