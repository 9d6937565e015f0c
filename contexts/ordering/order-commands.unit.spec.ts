import { decideCancelOrder } from './cancel-order.decide';
import { deciderSpec } from '../shared/decider-spec';
import { cancelled, historyOf, orderId, shipped } from './ordering.fixtures';
import { orderDecider } from './order.decider';
import { decideRejectOrder, type RejectOrder } from './reject-order.decide';
import { decideShipOrder } from './ship-order.decide';

const spec = deciderSpec(orderDecider);

describe('Order', () => {
  describe('when it is cancelled', () => {
    it('trims the reason', () => {
      spec
        .given(historyOf.Pending)
        .when((state) => decideCancelOrder({ orderId, reason: '  Ordered the wrong size  ' }, state))
        .then([cancelled('Ordered the wrong size')]);
    });

    it.each(['', '   ', 'x'.repeat(501)])('refuses the reason %j', (reason) => {
      spec
        .given(historyOf.Pending)
        .when((state) => decideCancelOrder({ orderId, reason }, state))
        .thenThrows('INVALID_CANCELLATION_REASON', 'rejected');
    });

    it('keeps the first reason when cancelled twice', () => {
      spec
        .given(historyOf.Cancelled)
        .when((state) => decideCancelOrder({ orderId, reason: 'Another reason' }, state))
        .thenNothing();
    });
  });

  describe('when it is rejected', () => {
    it('refuses a reason outside the list', () => {
      spec
        .given(historyOf.Pending)
        .when((state) => decideRejectOrder({ orderId, reason: 'changedMind' as RejectOrder['reason'] }, state))
        .thenThrows('INVALID_REJECTION_REASON', 'rejected');
    });

    it('keeps the first reason when rejected twice', () => {
      spec
        .given(historyOf.Rejected)
        .when((state) => decideRejectOrder({ orderId, reason: 'reservationExpired' }, state))
        .thenNothing();
    });
  });

  describe('when it ships', () => {
    it('trims the carrier', () => {
      spec
        .given(historyOf.Confirmed)
        .when((state) => decideShipOrder({ orderId, carrier: ' DHL ' }, state))
        .then([shipped('DHL')]);
    });

    it.each(['', ' ', 'x'.repeat(101)])('refuses the carrier %j', (carrier) => {
      spec
        .given(historyOf.Confirmed)
        .when((state) => decideShipOrder({ orderId, carrier }, state))
        .thenThrows('INVALID_CARRIER', 'rejected');
    });
  });
});
