import { fold } from '../shared/decider';
import { decideCaptureResult, requestCapture } from './capture-payment.decide';
import { deciderSpec, expectDomainError } from '../shared/decider-spec';
import { paymentDecider } from './payment.decider';
import { captured, eur, historyOf, orderId, paymentId, total } from './payments.fixtures';

const spec = deciderSpec(paymentDecider);

describe('Payment', () => {
  describe('when it is captured at shipment', () => {
    it('asks the gateway to capture the authorized amount with the first capture key', () => {
      expect(requestCapture({ orderId }, fold(paymentDecider, historyOf.Authorized))).toEqual({
        operation: 'capture',
        paymentId,
        idempotencyKey: `${paymentId}:capture:1`,
        amount: total,
      });
    });

    it('records the capture of the authorized amount', () => {
      spec
        .given(historyOf.Authorized)
        .when((state) => decideCaptureResult({ orderId, gatewayRef: 'cap_7Hn2WxP5' }, state))
        .then([captured()]);
    });

    it('captures less than was authorized when asked to', () => {
      spec
        .given(historyOf.Authorized)
        .when((state) => decideCaptureResult({ orderId, amount: eur(5000), gatewayRef: 'cap_7Hn2WxP5' }, state))
        .then([captured(5000)]);
    });

    it('captures exactly the authorized amount', () => {
      spec
        .given(historyOf.Authorized)
        .when((state) => decideCaptureResult({ orderId, amount: total, gatewayRef: 'cap_7Hn2WxP5' }, state))
        .then([captured()]);
    });
  });

  describe('when more than was authorized is to be captured', () => {
    it('refuses it', () => {
      spec
        .given(historyOf.Authorized)
        .when((state) => decideCaptureResult({ orderId, amount: eur(6249), gatewayRef: 'cap_1' }, state))
        .thenThrows('CAPTURE_EXCEEDS_AUTHORIZED', 'rejected');
    });

    it('asks the gateway nothing', () => {
      expectDomainError(() => requestCapture({ orderId, amount: eur(6249) }, fold(paymentDecider, historyOf.Authorized)), 'CAPTURE_EXCEEDS_AUTHORIZED', 'rejected');
    });
  });

  describe('when it was captured already', () => {
    it('asks the gateway nothing and decides nothing', () => {
      expect(requestCapture({ orderId }, fold(paymentDecider, historyOf.Captured))).toBeNull();
      spec
        .given(historyOf.Captured)
        .when((state) => decideCaptureResult({ orderId, gatewayRef: 'cap_7Hn2WxP5' }, state))
        .thenNothing();
    });

    it('refuses a capture of another amount', () => {
      spec
        .given(historyOf.Captured)
        .when((state) => decideCaptureResult({ orderId, amount: eur(100), gatewayRef: 'cap_2' }, state))
        .thenThrows('PAYMENT_ALREADY_CAPTURED', 'conflict');
    });
  });

  describe('when there is no hold to capture', () => {
    it.each([
      ['Declined', 'PAYMENT_NOT_AUTHORIZED', 'conflict'],
      ['TimedOut', 'PAYMENT_NOT_AUTHORIZED', 'conflict'],
      ['Voided', 'AUTHORIZATION_VOIDED', 'conflict'],
      ['NotRequested', 'PAYMENT_NOT_FOUND', 'not_found'],
    ] as const)('refuses it (%s)', (status, code, kind) => {
      spec
        .given(historyOf[status])
        .when((state) => decideCaptureResult({ orderId, gatewayRef: 'cap_1' }, state))
        .thenThrows(code, kind);
    });
  });

  describe('when the amount is malformed', () => {
    it('refuses another currency', () => {
      spec
        .given(historyOf.Authorized)
        .when((state) => decideCaptureResult({ orderId, amount: { amountMinor: 100, currency: 'USD' }, gatewayRef: 'cap_1' }, state))
        .thenThrows('CURRENCY_MISMATCH', 'rejected');
    });

    it('refuses zero', () => {
      spec
        .given(historyOf.Authorized)
        .when((state) => decideCaptureResult({ orderId, amount: eur(0), gatewayRef: 'cap_1' }, state))
        .thenThrows('INVALID_AMOUNT', 'rejected');
    });
  });
});
