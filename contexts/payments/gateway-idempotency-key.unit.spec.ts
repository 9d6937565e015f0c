import { fold } from '../shared/decider';
import { expectDomainError } from '../shared/decider-spec';
import { lastGatewayIdempotencyKey, nextGatewayIdempotencyKey } from './gateway-idempotency-key';
import { paymentDecider } from './payment.decider';
import { authorizationFailed, authorized, captured, otherPaymentId, paymentId, refunded, refundFailed } from './payments.fixtures';

const stateAfter = (...events: Parameters<typeof paymentDecider.evolve>[1][]) => fold(paymentDecider, events);

describe('Payment', () => {
  describe('when a gateway call needs an idempotency key', () => {
    it('is <paymentId>:authorize:1 for the first authorization', () => {
      expect(nextGatewayIdempotencyKey(paymentDecider.initialState, 'authorize', paymentId)).toBe(`${paymentId}:authorize:1`);
    });

    it('stays the same until the outcome of the call is recorded, so a retry is not a second call', () => {
      const state = stateAfter(authorized(), captured());
      expect(nextGatewayIdempotencyKey(state, 'refund')).toBe(`${paymentId}:refund:1`);
      expect(nextGatewayIdempotencyKey(state, 'refund')).toBe(`${paymentId}:refund:1`);
    });

    it('counts each operation on its own, failed calls included', () => {
      const state = stateAfter(authorized(), captured(), refunded(100), refundFailed(100));
      expect(nextGatewayIdempotencyKey(state, 'refund')).toBe(`${paymentId}:refund:3`);
      expect(nextGatewayIdempotencyKey(state, 'capture')).toBe(`${paymentId}:capture:2`);
      expect(nextGatewayIdempotencyKey(state, 'void')).toBe(`${paymentId}:void:1`);
    });

    it('needs the payment id before anything is recorded', () => {
      expectDomainError(() => nextGatewayIdempotencyKey(paymentDecider.initialState, 'capture'), 'PAYMENT_NOT_FOUND', 'not_found');
    });

    it("refuses another payment id than the order's", () => {
      expectDomainError(() => nextGatewayIdempotencyKey(stateAfter(authorized()), 'void', otherPaymentId), 'PAYMENT_ID_MISMATCH', 'conflict');
    });
  });

  describe('when an authorization timed out', () => {
    it('gives the key of the recorded call to ask the gateway about', () => {
      expect(lastGatewayIdempotencyKey(stateAfter(authorizationFailed('timeout')), 'authorize')).toBe(`${paymentId}:authorize:1`);
    });

    it('gives no key for an operation never called', () => {
      expect(lastGatewayIdempotencyKey(stateAfter(authorized()), 'void')).toBeNull();
      expect(lastGatewayIdempotencyKey(paymentDecider.initialState, 'authorize')).toBeNull();
    });
  });
});
