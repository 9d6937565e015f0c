import { fold } from '../shared/decider';
import { decideAuthorizationResult, requestAuthorization, type AuthorizePayment } from './authorize-payment.decide';
import { deciderSpec, expectDomainError } from '../shared/decider-spec';
import { paymentDecider } from './payment.decider';
import { authorizationFailed, authorized, eur, historyOf, orderId, otherPaymentId, paymentId, total } from './payments.fixtures';

const spec = deciderSpec(paymentDecider);
const authorize: AuthorizePayment = { orderId, paymentId, amount: total, paymentToken: 'tok_visa' };

describe('Payment', () => {
  describe('when an authorization is requested', () => {
    it('asks the gateway for the order total with the first authorize key', () => {
      expect(requestAuthorization(authorize, paymentDecider.initialState)).toEqual({
        operation: 'authorize',
        paymentId,
        idempotencyKey: `${paymentId}:authorize:1`,
        amount: total,
      });
    });

    it.each(['Authorized', 'Declined', 'TimedOut', 'Voided', 'Captured'] as const)('asks nothing once an outcome is recorded (%s)', (status) => {
      expect(requestAuthorization(authorize, fold(paymentDecider, historyOf[status]))).toBeNull();
    });

    it('refuses a second payment for the order', () => {
      expectDomainError(() => requestAuthorization({ ...authorize, paymentId: otherPaymentId }, fold(paymentDecider, historyOf.Authorized)), 'PAYMENT_ALREADY_EXISTS', 'conflict');
    });

    it('refuses a retry for another amount', () => {
      expectDomainError(() => requestAuthorization({ ...authorize, amount: eur(1) }, fold(paymentDecider, historyOf.Authorized)), 'PAYMENT_AMOUNT_MISMATCH', 'conflict');
    });

    it.each([eur(0), eur(-5), eur(1.5)])('refuses the amount %j', (amount) => {
      expectDomainError(() => requestAuthorization({ ...authorize, amount }, paymentDecider.initialState), 'INVALID_AMOUNT', 'rejected');
    });
  });

  describe('when the gateway authorizes', () => {
    it('records the hold', () => {
      spec
        .given([])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'authorized', gatewayRef: 'auth_4Kq9ZtR2' }, state))
        .then([authorized()]);
    });

    it('decides nothing when the same approval is recorded again', () => {
      spec
        .given([authorized()])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'authorized', gatewayRef: 'auth_4Kq9ZtR2' }, state))
        .thenNothing();
    });

    it('refuses a different approval for the same payment', () => {
      spec
        .given([authorized()])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'authorized', gatewayRef: 'auth_other' }, state))
        .thenThrows('AUTHORIZATION_ALREADY_RECORDED', 'conflict');
    });

    it('refuses a reference with spaces', () => {
      spec
        .given([])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'authorized', gatewayRef: 'auth 1' }, state))
        .thenThrows('INVALID_GATEWAY_REF', 'rejected');
    });
  });

  describe('when the gateway declines', () => {
    it('records the failure with the decline code', () => {
      spec
        .given([])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'declined', code: 'card_declined' }, state))
        .then([authorizationFailed('card_declined')]);
    });

    it('decides nothing when a failure is recorded already', () => {
      spec
        .given([authorizationFailed('timeout')])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'declined', code: 'card_declined' }, state))
        .thenNothing();
    });

    it('refuses a decline after an approval was recorded', () => {
      spec
        .given([authorized()])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'declined', code: 'card_declined' }, state))
        .thenThrows('AUTHORIZATION_ALREADY_RECORDED', 'conflict');
    });

    it('refuses a malformed code', () => {
      spec
        .given([])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'declined', code: 'card declined!' }, state))
        .thenThrows('INVALID_GATEWAY_CODE', 'rejected');
    });
  });

  describe('when the gateway does not answer in time', () => {
    it('records the failure with the code timeout', () => {
      spec
        .given([])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'timedOut' }, state))
        .then([authorizationFailed('timeout')]);
    });

    it('refuses a late approval, which must be voided instead', () => {
      const error = spec
        .given([authorizationFailed('timeout')])
        .when((state) => decideAuthorizationResult({ ...authorize, outcome: 'authorized', gatewayRef: 'auth_late' }, state))
        .thenThrows('AUTHORIZATION_ALREADY_RECORDED', 'conflict');
      expect(error.message).toContain('void');
    });
  });
});
