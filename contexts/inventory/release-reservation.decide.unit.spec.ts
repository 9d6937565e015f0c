import { deciderSpec } from '../shared/decider-spec';
import { committed, received, rejected, released, reservationId, reserved, sku } from './inventory.fixtures';
import { decideReleaseReservation, type ManualReleaseReason } from './release-reservation.decide';
import { stockDecider } from './stock.decider';

const spec = deciderSpec(stockDecider);
const release = (reason: ManualReleaseReason = 'cancelled') => ({ sku, reservationId, reason });

describe('StockItem', () => {
  describe('when a reservation is released', () => {
    it.each(['cancelled', 'paymentFailed', 'rejected', 'expired'] as const)('returns its units to available (%s)', (reason) => {
      spec
        .given([received(10), reserved(4)])
        .when((state) => decideReleaseReservation(release(reason), state))
        .then([released(4, reason)]);
    });

    it('refuses a reason that is not a release reason', () => {
      spec
        .given([received(10), reserved(4)])
        .when((state) => decideReleaseReservation({ ...release(), reason: 'lost' as ManualReleaseReason }, state))
        .thenThrows('INVALID_RELEASE_REASON', 'rejected');
    });

    it('refuses a reservation that never existed', () => {
      spec
        .given([received(10)])
        .when((state) => decideReleaseReservation(release(), state))
        .thenThrows('RESERVATION_NOT_FOUND', 'not_found');
    });
  });

  describe('when a reservation is released twice', () => {
    it.each([
      ['released', released(4, 'cancelled')],
      ['expired', released(4, 'expired')],
    ])('decides nothing the second time (%s)', (_, ended) => {
      spec
        .given([received(10), reserved(4), ended])
        .when((state) => decideReleaseReservation(release('paymentFailed'), state))
        .thenNothing();
    });
  });

  describe('when a rejected reservation is released', () => {
    it('decides nothing: nothing was set aside', () => {
      spec
        .given([received(1), rejected(4, 1)])
        .when((state) => decideReleaseReservation(release('rejected'), state))
        .thenNothing();
    });
  });

  describe('when a committed reservation is released', () => {
    it('refuses it: the units have shipped', () => {
      spec
        .given([received(10), reserved(4), committed(4)])
        .when((state) => decideReleaseReservation(release(), state))
        .thenThrows('RESERVATION_ALREADY_COMMITTED', 'conflict');
    });
  });
});
