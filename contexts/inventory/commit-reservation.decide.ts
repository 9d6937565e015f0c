import type { StockEvent } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { endedReservation, openReservation, type StockState } from './stock.decider';
import { assertValidSku } from './stock.rules';

export interface CommitReservation {
  sku: string;
  reservationId: string;
}

/** At shipment: the reserved units leave, so on hand and reserved both drop and available stays. */
export function decideCommitReservation(command: CommitReservation, state: StockState): StockEvent[] {
  const { sku, reservationId } = command;
  assertValidSku(sku);
  const open = openReservation(state, reservationId);
  if (open !== undefined) {
    return [{ type: 'StockCommitted', data: { sku, reservationId, orderId: open.orderId, quantity: open.quantity } }];
  }
  const ended = endedReservation(state, reservationId);
  if (ended === undefined) {
    throw new DomainError('RESERVATION_NOT_FOUND', `No reservation ${reservationId} exists for ${sku}; check the reservation id and SKU.`, 'not_found', { sku, reservationId });
  }
  switch (ended.outcome) {
    case 'committed':
      return [];
    case 'released':
      throw new DomainError(
        'RESERVATION_RELEASED',
        `Reservation ${reservationId} was released (${ended.reason}) and its units are available to others; reserve the stock again before shipping.`,
        'conflict',
        { sku, reservationId, orderId: ended.orderId, reason: ended.reason },
      );
    case 'rejected':
      throw new DomainError(
        'RESERVATION_REJECTED',
        `Reservation ${reservationId} was rejected for lack of stock, so nothing is set aside to ship; reserve the stock again before shipping.`,
        'conflict',
        { sku, reservationId, orderId: ended.orderId },
      );
    default:
      return unreachable(ended, 'reservation outcome');
  }
}
