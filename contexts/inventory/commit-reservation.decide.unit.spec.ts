import { decideCommitReservation } from './commit-reservation.decide';
import { deciderSpec } from '../shared/decider-spec';
import { committed, received, rejected, released, reservationId, reserved, sku } from './inventory.fixtures';
import { stockDecider } from './stock.decider';

const spec = deciderSpec(stockDecider);
const commit = { sku, reservationId };

describe('StockItem', () => {
  describe('when a reservation is committed at shipment', () => {
    it('ships the reserved units', () => {
      spec
        .given([received(10), reserved(4)])
        .when((state) => decideCommitReservation(commit, state))
        .then([committed(4)]);
    });

    it('decides nothing the second time', () => {
      spec
        .given([received(10), reserved(4), committed(4)])
        .when((state) => decideCommitReservation(commit, state))
        .thenNothing();
    });

    it('refuses a reservation that never existed', () => {
      spec
        .given([received(10)])
        .when((state) => decideCommitReservation(commit, state))
        .thenThrows('RESERVATION_NOT_FOUND', 'not_found');
    });
  });

  describe('when the reservation was released first', () => {
    it.each(['cancelled', 'expired'] as const)('refuses to commit it (%s)', (reason) => {
      const error = spec
        .given([received(10), reserved(4), released(4, reason)])
        .when((state) => decideCommitReservation(commit, state))
        .thenThrows('RESERVATION_RELEASED', 'conflict');
      expect(error.details).toMatchObject({ reason });
    });
  });

  describe('when the reservation was rejected', () => {
    it('refuses to commit it', () => {
      spec
        .given([received(1), rejected(4, 1)])
        .when((state) => decideCommitReservation(commit, state))
        .thenThrows('RESERVATION_REJECTED', 'conflict');
    });
  });
});
