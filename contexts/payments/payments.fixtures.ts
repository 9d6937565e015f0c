/* Test-only sample data for the payments specs. */
import type { Money, PaymentEvent } from '../../event-schemas';

export const orderId = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';
export const paymentId = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
export const otherPaymentId = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
export const eur = (amountMinor: number): Money => ({ amountMinor, currency: 'EUR' });
export const total = eur(6248);

const ids = { orderId, paymentId };
export const authorized = (gatewayRef = 'auth_4Kq9ZtR2'): PaymentEvent => ({ type: 'PaymentAuthorized', data: { ...ids, amount: total, gatewayRef } });
export const authorizationFailed = (code = 'card_declined'): PaymentEvent => ({ type: 'PaymentAuthorizationFailed', data: { ...ids, amount: total, code } });
export const captured = (amountMinor = 6248, gatewayRef = 'cap_7Hn2WxP5'): PaymentEvent => ({ type: 'PaymentCaptured', data: { ...ids, amount: eur(amountMinor), gatewayRef } });
export const voided = (reason: 'authorizationTimedOut' | 'orderCancelled' | 'orderRejected' = 'orderCancelled', gatewayRef = 'void_1Bc8MqL3'): PaymentEvent => ({
  type: 'AuthorizationVoided',
  data: { ...ids, amount: total, gatewayRef, reason },
});
export const refunded = (amountMinor: number, gatewayRef = 'ref_9Tz4KdV1'): PaymentEvent => ({ type: 'PaymentRefunded', data: { ...ids, amount: eur(amountMinor), gatewayRef } });
export const refundFailed = (amountMinor: number, code = 'refund_window_expired'): PaymentEvent => ({ type: 'RefundFailed', data: { ...ids, amount: eur(amountMinor), code } });

/** Event histories that leave the payment in each state. */
export const historyOf = {
  NotRequested: [],
  Authorized: [authorized()],
  Declined: [authorizationFailed()],
  TimedOut: [authorizationFailed('timeout')],
  Voided: [authorized(), voided()],
  Captured: [authorized(), captured()],
} satisfies Record<string, PaymentEvent[]>;
