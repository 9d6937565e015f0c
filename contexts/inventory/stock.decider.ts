import type { ReleaseReason, StockEvent } from '../../event-schemas';
import { unreachable, type Decider } from '../shared/decider';
import { PersistentMap } from '../shared/persistent-map';

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
 * One SKU in the (single) warehouse. Records are keyed by reservation id: a popular SKU holds
 * thousands open and ever more ended, and every reservation event adds or moves one, so they are
 * kept in PersistentMaps, where that costs a few small copies instead of copying every record
 * (a Map copy per event made evolving a busy SKU grow with its history). Snapshots store them as
 * Maps; evolve adopts a Map it is given. Read them with `openReservation` / `endedReservation`.
 */
export interface StockState {
  onHand: number;
  reserved: number;
  open: ReadonlyMap<string, OpenReservation>;
  ended: ReadonlyMap<string, EndedReservation>;
  /** Set by LowStockDetected; cleared once available is above that threshold again, which re-arms the alert. */
  lowStockAlert: { threshold: number } | null;
}

export const initialStockState: StockState = { onHand: 0, reserved: 0, open: PersistentMap.empty(), ended: PersistentMap.empty(), lowStockAlert: null };

export function availableStock(state: StockState): number {
  return state.onHand - state.reserved;
}

export function openReservation(state: StockState, reservationId: string): OpenReservation | undefined {
  return state.open.get(reservationId);
}

export function endedReservation(state: StockState, reservationId: string): EndedReservation | undefined {
  return state.ended.get(reservationId);
}

/** The stock figures, without the reservation records: all that availability and alerts depend on. */
export type StockLevels = Pick<StockState, 'onHand' | 'reserved' | 'lowStockAlert'>;

/**
 * How an event moves the figures. evolveStock applies exactly this and adds the reservation
 * records; deciding whether stock runs low needs only this, which costs nothing however many
 * reservations a SKU holds.
 */
export function evolveLevels<L extends StockLevels>(levels: L, event: StockEvent): L {
  switch (event.type) {
    case 'StockReceived':
      return rearm({ ...levels, onHand: levels.onHand + event.data.quantity });
    case 'StockAdjusted':
      return rearm({ ...levels, onHand: levels.onHand + event.data.quantityDelta });
    case 'StockReserved':
      return { ...levels, reserved: levels.reserved + event.data.quantity };
    case 'StockReservationRejected':
      return levels;
    case 'StockReservationReleased':
      return rearm({ ...levels, reserved: levels.reserved - event.data.quantity });
    case 'StockCommitted':
      return { ...levels, onHand: levels.onHand - event.data.quantity, reserved: levels.reserved - event.data.quantity };
    case 'LowStockDetected':
      return { ...levels, lowStockAlert: { threshold: event.data.threshold } };
    default:
      return unreachable(event, 'stock event');
  }
}

export function evolveStock(state: StockState, event: StockEvent): StockState {
  const next = evolveLevels(state, event);
  switch (event.type) {
    case 'StockReserved': {
      const { reservationId, orderId, quantity, expiresAt } = event.data;
      return { ...next, open: PersistentMap.from(state.open).set(reservationId, { orderId, quantity, expiresAt }) };
    }
    case 'StockReservationRejected': {
      const { reservationId, orderId, quantity } = event.data;
      return { ...next, ended: PersistentMap.from(state.ended).set(reservationId, { orderId, quantity, outcome: 'rejected' }) };
    }
    case 'StockReservationReleased': {
      const { reservationId, orderId, quantity, reason } = event.data;
      return { ...next, open: PersistentMap.from(state.open).delete(reservationId), ended: PersistentMap.from(state.ended).set(reservationId, { orderId, quantity, outcome: 'released', reason }) };
    }
    case 'StockCommitted': {
      const { reservationId, orderId, quantity } = event.data;
      return { ...next, open: PersistentMap.from(state.open).delete(reservationId), ended: PersistentMap.from(state.ended).set(reservationId, { orderId, quantity, outcome: 'committed' }) };
    }
    default:
      return next;
  }
}

function rearm<L extends StockLevels>(levels: L): L {
  return levels.lowStockAlert !== null && levels.onHand - levels.reserved > levels.lowStockAlert.threshold ? { ...levels, lowStockAlert: null } : levels;
}

export const stockDecider: Decider<StockState, StockEvent> = {
  category: 'stock',
  // 2: reservations in Maps (1 kept them in plain objects).
  snapshotVersion: 2,
  initialState: initialStockState,
  evolve: evolveStock,
};
