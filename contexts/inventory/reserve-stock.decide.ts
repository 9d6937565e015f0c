import type { StockEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import { availableStock, endedReservation, openReservation, type StockState } from './stock.decider';
import { assertPositiveQuantity, assertValidReservationId, assertValidSku, parseInstant, resolveThreshold, withLowStockCheck } from './stock.rules';

export interface ReserveStock {
  sku: string;
  /** Chosen by the caller, e.g. `<orderId>:reserve:<sku>`; the same id never reserves twice. */
  reservationId: string;
  orderId: string;
  quantity: number;
  /** ISO-8601 UTC instant after which ExpireReservations releases it. */
  expiresAt: string;
  /** Defaults to DEFAULT_LOW_STOCK_THRESHOLD. */
  lowStockThreshold?: number;
}

/**
 * Not enough stock is an answer, not an error: the process manager waits for StockReserved or
 * StockReservationRejected per line. Idempotent per reservation id: once the id was answered
 * (reserved, rejected, or since ended) the same request decides nothing.
 */
export function decideReserveStock(command: ReserveStock, state: StockState): StockEvent[] {
  const { sku, reservationId, orderId, quantity, expiresAt } = command;
  assertValidSku(sku);
  assertValidReservationId(reservationId);
  assertPositiveQuantity(quantity);
  parseInstant('expiresAt', expiresAt);
  const threshold = resolveThreshold(command.lowStockThreshold);

  const earlier = openReservation(state, reservationId) ?? endedReservation(state, reservationId);
  if (earlier !== undefined) {
    if (earlier.orderId !== orderId || earlier.quantity !== quantity) {
      throw new DomainError(
        'RESERVATION_ID_CONFLICT',
        `Reservation ${reservationId} already exists for ${earlier.quantity} units of order ${earlier.orderId}; a retry must send the same order and quantity, a new reservation needs a new id.`,
        'conflict',
        { reservationId, orderId: earlier.orderId, quantity: earlier.quantity },
      );
    }
    return [];
  }

  const available = availableStock(state);
  if (quantity > available) {
    return [{ type: 'StockReservationRejected', data: { sku, reservationId, orderId, quantity, available } }];
  }
  return withLowStockCheck(state, sku, threshold, [{ type: 'StockReserved', data: { sku, reservationId, orderId, quantity, expiresAt } }]);
}
