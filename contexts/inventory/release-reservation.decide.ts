import type { ReleaseReason, StockEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import { endedReservation, openReservation, type StockState } from './stock.decider';
import { assertValidSku } from './stock.rules';

/** `expired` is decided by ExpireReservations only, against the reservation's expiresAt. */
export type ManualReleaseReason = Exclude<ReleaseReason, 'expired'>;
const MANUAL_RELEASE_REASONS: readonly ManualReleaseReason[] = ['cancelled', 'paymentFailed', 'rejected'];

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
      `Release reason ${JSON.stringify(reason)} is not valid: send one of ${MANUAL_RELEASE_REASONS.join(', ')}; expiry is decided by ExpireReservations.`,
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
