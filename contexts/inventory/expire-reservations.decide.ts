import type { StockEvent } from '../../event-schemas';
import type { StockState } from './stock.decider';
import { assertValidSku, parseInstant } from './stock.rules';

export interface ExpireReservations {
  sku: string;
  /** ISO-8601 UTC instant; every open reservation with expiresAt at or before it is released. */
  now: string;
}

/** Earliest expiry first (then by id), so the same state and instant always decide the same list. */
export function decideExpireReservations(command: ExpireReservations, state: StockState): StockEvent[] {
  const { sku } = command;
  assertValidSku(sku);
  const now = parseInstant('now', command.now);
  return [...state.open]
    .map(([reservationId, open]) => ({ reservationId, ...open, expiresAtMs: Date.parse(open.expiresAt) }))
    .filter((open) => open.expiresAtMs <= now)
    .sort((a, b) => a.expiresAtMs - b.expiresAtMs || (a.reservationId < b.reservationId ? -1 : 1))
    .map(({ reservationId, orderId, quantity }): StockEvent => ({
      type: 'StockReservationReleased',
      data: { sku, reservationId, orderId, quantity, reason: 'expired' },
    }));
}
