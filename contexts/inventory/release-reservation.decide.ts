import type { ReleaseReason, StockEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import { endedReservation, openReservation, type StockState } from './stock.decider';
import { assertValidSku } from './stock.rules';

/**
 * `expired` is allowed too: the order-fulfilment process manager owns each order's deadline and
 * releases that order's reservations when it passes (a SKU-wide ExpireReservations sweep would also
 * release reservations of orders confirmed meanwhile, which must hold until shipment).
 */
export type ManualReleaseReason = ReleaseReason;
const MANUAL_RELEASE_REASONS: readonly ManualReleaseReason[] = ['cancelled', 'paymentFailed', 'rejected', 'expired'];

export interface ReleaseReservation {
  sku: string;
  reservationId: string;
  reason: ManualReleaseReason;
}

/**
 * Each reservation ends exactly once. Releasing one that already ended without shipping (released,
 * expired, or rejected in the first place) decides nothing; one that was committed has left with a
 * shipment, and pretending to release it would hide a broken compensation, so that is refused.
 */
export function decideReleaseReservation(command: ReleaseReservation, state: StockState): StockEvent[] {
  const { sku, reservationId, reason } = command;
  assertValidSku(sku);
  if (!MANUAL_RELEASE_REASONS.includes(reason)) {
    throw new DomainError(
      'INVALID_RELEASE_REASON',
      `Release reason ${JSON.stringify(reason)} is not valid: send one of ${MANUAL_RELEASE_REASONS.join(', ')}`,
      'rejected',
      { reason },
    );
  }
  const open = openReservation(state, reservationId);
  if (open !== undefined) {
    return [{ type: 'StockReservationReleased', data: { sku, reservationId, orderId: open.orderId, quantity: open.quantity, reason } }];
  }
  const ended = endedReservation(state, reservationId);
  if (ended === undefined) {
    throw new DomainError('RESERVATION_NOT_FOUND', `No reservation ${reservationId} exists for ${sku}; check the reservation id and SKU.`, 'not_found', { sku, reservationId });
  }
  if (ended.outcome === 'committed') {
    throw new DomainError(
      'RESERVATION_ALREADY_COMMITTED',
      `Reservation ${reservationId} was committed: its ${ended.quantity} units of ${sku} left with a shipment and cannot be released. Handle it as a return instead.`,
      'conflict',
      { sku, reservationId, orderId: ended.orderId },
    );
  }
  return [];
}
