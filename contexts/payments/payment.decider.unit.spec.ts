import { fold } from '../shared/decider';
import { authorizationFailed, authorized, captured, eur, orderId, paymentId, refunded, refundFailed, total, voided } from './payments.fixtures';
import { paymentDecider } from './payment.decider';

describe('Payment', () => {
  describe('when it is authorized', () => {
    it('holds the amount under the gateway reference', () => {
      expect(fold(paymentDecider, [authorized()])).toEqual({
        status: 'Authorized',
        paymentId,
        orderId,
        amount: total,
        authorizationRef: 'auth_4Kq9ZtR2',
        failureCode: null,
        captured: null,
        refunded: eur(0),
        gatewayCalls: { authorize: 1, capture: 0, void: 0, refund: 0 },
      });
    });
  });

  describe('when the authorization fails', () => {
    it('records the code and holds nothing', () => {
      expect(fold(paymentDecider, [authorizationFailed('insufficient_funds')])).toMatchObject({ status: 'AuthorizationFailed', failureCode: 'insufficient_funds', authorizationRef: null });
    });
  });

  describe('when it is captured and refunded', () => {
    it('sums the refunds and counts every refund call, failed ones too', () => {
      expect(fold(paymentDecider, [authorized(), captured(), refunded(1000), refundFailed(500), refunded(248)])).toMatchObject({
        status: 'Captured',
        captured: total,
        refunded: eur(1248),
        gatewayCalls: { authorize: 1, capture: 1, void: 0, refund: 3 },
      });
    });
  });

  describe('when the authorization is voided', () => {
    it('is Voided', () => {
      expect(fold(paymentDecider, [authorized(), voided()])).toMatchObject({ status: 'Voided', gatewayCalls: { void: 1 } });
    });

    it('is Voided after a timed-out authorization the gateway had approved', () => {
      expect(fold(paymentDecider, [authorizationFailed('timeout'), voided('authorizationTimedOut')])).toMatchObject({ status: 'Voided', failureCode: 'timeout' });
    });
  });

  it('is stored in payment-<orderId> streams', () => {
    expect(paymentDecider).toMatchObject({ category: 'payment', snapshotVersion: 1, initialState: { status: 'NotRequested' } });
  });
});
