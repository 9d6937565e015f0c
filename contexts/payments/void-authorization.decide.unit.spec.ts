import { fold } from '../shared/decider';
import { deciderSpec } from '../shared/decider-spec';
import { paymentDecider } from './payment.decider';
import { historyOf, orderId, paymentId, total, voided } from './payments.fixtures';
import { decideVoidResult, requestVoid, type VoidReason } from './void-authorization.decide';

const spec = deciderSpec(paymentDecider);

describe('Payment', () => {
  describe('when the authorization is voided', () => {
    it('asks the gateway to lift the hold with the first void key', () => {
      expect(requestVoid({ orderId, reason: 'orderCancelled' }, fold(paymentDecider, historyOf.Authorized))).toEqual({
        operation: 'void',
        paymentId,
        idempotencyKey: `${paymentId}:void:1`,
        amount: total,
      });
    });

    it.each(['orderCancelled', 'orderRejected', 'authorizationTimedOut'] as const)('records the void (%s)', (reason) => {
      spec
        .given(historyOf.Authorized)
        .when((state) => decideVoidResult({ orderId, reason, gatewayRef: 'void_1Bc8MqL3' }, state))
        .then([voided(reason)]);
    });

    it('decides nothing the second time', () => {
      expect(requestVoid({ orderId, reason: 'orderCancelled' }, fold(paymentDecider, historyOf.Voided))).toBeNull();
      spec
        .given(historyOf.Voided)
        .when((state) => decideVoidResult({ orderId, reason: 'orderCancelled', gatewayRef: 'void_1Bc8MqL3' }, state))
        .thenNothing();
    });

    it('refuses a reason outside the list', () => {
      spec
        .given(historyOf.Authorized)
        .when((state) => decideVoidResult({ orderId, reason: 'whatever' as VoidReason, gatewayRef: 'void_1' }, state))
        .thenThrows('INVALID_VOID_REASON', 'rejected');
    });
  });

  describe('when the authorization timed out', () => {
    it('voids the hold the gateway may have made after all', () => {
      spec
        .given(historyOf.TimedOut)
        .when((state) => decideVoidResult({ orderId, reason: 'authorizationTimedOut', gatewayRef: 'void_1Bc8MqL3' }, state))
        .then([voided('authorizationTimedOut')]);
    });
  });

  describe('when the authorization was declined', () => {
    it('asks nothing and decides nothing: no hold exists', () => {
      expect(requestVoid({ orderId, reason: 'orderRejected' }, fold(paymentDecider, historyOf.Declined))).toBeNull();
      spec
        .given(historyOf.Declined)
        .when((state) => decideVoidResult({ orderId, reason: 'orderRejected', gatewayRef: 'void_1' }, state))
        .thenNothing();
    });
  });

  describe('when the payment was captured', () => {
    it('refuses to void it; a refund is needed', () => {
      spec
        .given(historyOf.Captured)
        .when((state) => decideVoidResult({ orderId, reason: 'orderCancelled', gatewayRef: 'void_1' }, state))
        .thenThrows('PAYMENT_ALREADY_CAPTURED', 'conflict');
    });
  });

  describe('when no payment was requested', () => {
    it('refuses it', () => {
      spec
        .given([])
        .when((state) => decideVoidResult({ orderId, reason: 'orderCancelled', gatewayRef: 'void_1' }, state))
        .thenThrows('PAYMENT_NOT_FOUND', 'not_found');
    });
  });
});
