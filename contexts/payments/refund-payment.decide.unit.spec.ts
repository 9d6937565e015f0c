import { fold } from '../shared/decider';
import { deciderSpec } from '../shared/decider-spec';
import { paymentDecider } from './payment.decider';
import { authorized, captured, eur, historyOf, orderId, paymentId, refunded, refundFailed } from './payments.fixtures';
import { decideRefundResult, requestRefund } from './refund-payment.decide';

const spec = deciderSpec(paymentDecider);

describe('Payment', () => {
  describe('when captured money is refunded', () => {
    it('asks the gateway with the next refund key', () => {
      expect(requestRefund({ orderId, amount: eur(1000) }, fold(paymentDecider, [authorized(), captured(), refunded(500)]))).toEqual({
        operation: 'refund',
        paymentId,
        idempotencyKey: `${paymentId}:refund:2`,
        amount: eur(1000),
      });
    });

    it('records the refund', () => {
      spec
        .given(historyOf.Captured)
        .when((state) => decideRefundResult({ orderId, amount: eur(2499), outcome: 'refunded', gatewayRef: 'ref_9Tz4KdV1' }, state))
        .then([refunded(2499)]);
    });

    it('refunds exactly what is left', () => {
      spec
        .given([authorized(), captured(), refunded(6000)])
        .when((state) => decideRefundResult({ orderId, amount: eur(248), outcome: 'refunded', gatewayRef: 'ref_9Tz4KdV1' }, state))
        .then([refunded(248)]);
    });

    it('records a refund the gateway refused', () => {
      spec
        .given(historyOf.Captured)
        .when((state) => decideRefundResult({ orderId, amount: eur(2499), outcome: 'failed', code: 'refund_window_expired' }, state))
        .then([refundFailed(2499)]);
    });

    it('does not count a failed refund as refunded', () => {
      spec
        .given([authorized(), captured(), refundFailed(6248)])
        .when((state) => decideRefundResult({ orderId, amount: eur(6248), outcome: 'refunded', gatewayRef: 'ref_9Tz4KdV1' }, state))
        .then([refunded(6248)]);
    });
  });

  describe('when more than was captured would be refunded', () => {
    it('refuses it', () => {
      spec
        .given([authorized(), captured(5000)])
        .when((state) => decideRefundResult({ orderId, amount: eur(5001), outcome: 'refunded', gatewayRef: 'ref_1' }, state))
        .thenThrows('REFUND_EXCEEDS_CAPTURED', 'rejected');
    });

    it('counts earlier refunds', () => {
      const error = spec
        .given([authorized(), captured(), refunded(6000)])
        .when((state) => decideRefundResult({ orderId, amount: eur(249), outcome: 'refunded', gatewayRef: 'ref_1' }, state))
        .thenThrows('REFUND_EXCEEDS_CAPTURED', 'rejected');
      expect(error.details).toMatchObject({ refundable: 248 });
    });
  });

  describe('when nothing was captured', () => {
    it.each([
      ['Authorized', 'PAYMENT_NOT_CAPTURED', 'conflict'],
      ['Declined', 'PAYMENT_NOT_CAPTURED', 'conflict'],
      ['Voided', 'PAYMENT_NOT_CAPTURED', 'conflict'],
      ['NotRequested', 'PAYMENT_NOT_FOUND', 'not_found'],
    ] as const)('refuses it (%s)', (status, code, kind) => {
      spec
        .given(historyOf[status])
        .when((state) => decideRefundResult({ orderId, amount: eur(100), outcome: 'refunded', gatewayRef: 'ref_1' }, state))
        .thenThrows(code, kind);
    });
  });

  describe('when the amount is malformed', () => {
    it('refuses another currency', () => {
      spec
        .given(historyOf.Captured)
        .when((state) => decideRefundResult({ orderId, amount: { amountMinor: 100, currency: 'GBP' }, outcome: 'refunded', gatewayRef: 'ref_1' }, state))
        .thenThrows('CURRENCY_MISMATCH', 'rejected');
    });

    it.each([eur(0), eur(-1)])('refuses %j', (amount) => {
      spec
        .given(historyOf.Captured)
        .when((state) => decideRefundResult({ orderId, amount, outcome: 'refunded', gatewayRef: 'ref_1' }, state))
        .thenThrows('INVALID_AMOUNT', 'rejected');
    });
  });
});
