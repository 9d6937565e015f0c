import { z } from 'zod';
import { defineEvent, typesOf, type EventOf } from '../define-event';
import { reference, uuid } from '../fields';
import { positiveMoneySchema } from '../money';

const stream = { context: 'payments', streamCategory: 'payment', streamIdField: 'orderId' } as const;
const ids = {
  orderId: uuid('Order paid for; the stream is payment-<orderId>'),
  paymentId: uuid('Payment id; gateway idempotency keys are <paymentId>:<operation>:<n>'),
};
const gatewayRef = (what: string) => reference(`Gateway reference of the ${what}, for reconciliation and support`);
const declineCode = (description: string) => {
  const error = 'must be a gateway code: 1-64 letters, digits, "_", ".", ":" or "-"';
  return z.string({ error }).regex(/^[A-Za-z0-9_.:-]{1,64}$/, { error }).describe(description);
};
const example = {
  orderId: '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6',
  paymentId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  amount: { amountMinor: 6248, currency: 'EUR' as const },
};

export const paymentAuthorized = defineEvent({
  ...stream,
  type: 'PaymentAuthorized',
  schemaVersion: 1,
  description: 'The gateway put a hold on the customer’s funds for the order total; nothing is charged yet.',
  schema: z.strictObject({
    ...ids,
    gatewayRef: gatewayRef('authorization'),
    amount: positiveMoneySchema.describe('Amount held'),
  }),
  example: { ...example, gatewayRef: 'auth_4Kq9ZtR2' },
});

export const paymentAuthorizationFailed = defineEvent({
  ...stream,
  type: 'PaymentAuthorizationFailed',
  schemaVersion: 1,
  description: 'The gateway declined the authorization, or never answered and had not authorized; the order is rejected.',
  schema: z.strictObject({
    ...ids,
    amount: positiveMoneySchema.describe('Amount that was asked for'),
    code: declineCode('Gateway decline code, e.g. card_declined, insufficient_funds; timeout when the gateway never answered'),
  }),
  example: { ...example, code: 'card_declined' },
});

export const paymentCaptured = defineEvent({
  ...stream,
  type: 'PaymentCaptured',
  schemaVersion: 1,
  description: 'The held funds were charged at shipment; never more than was authorized.',
  schema: z.strictObject({
    ...ids,
    gatewayRef: gatewayRef('capture'),
    amount: positiveMoneySchema.describe('Amount charged'),
  }),
  example: { ...example, gatewayRef: 'cap_7Hn2WxP5' },
});

export const authorizationVoided = defineEvent({
  ...stream,
  type: 'AuthorizationVoided',
  schemaVersion: 1,
  description: 'The hold on the funds was lifted without charging, because the order will not ship.',
  schema: z.strictObject({
    ...ids,
    gatewayRef: gatewayRef('void'),
    amount: positiveMoneySchema.describe('Amount released'),
    reason: z
      .enum(['authorizationTimedOut', 'orderCancelled', 'orderRejected'])
      .describe('authorizationTimedOut: the gateway answered too late and the order was rejected; orderCancelled / orderRejected: the order closed before shipment'),
  }),
  example: { ...example, gatewayRef: 'void_1Bc8MqL3', reason: 'orderCancelled' },
});

export const paymentRefunded = defineEvent({
  ...stream,
  type: 'PaymentRefunded',
  schemaVersion: 1,
  description: 'Captured money was paid back to the customer, in full or in part; never more than was captured.',
  schema: z.strictObject({
    ...ids,
    gatewayRef: gatewayRef('refund'),
    amount: positiveMoneySchema.describe('Amount paid back by this refund'),
  }),
  example: { ...example, amount: { amountMinor: 2499, currency: 'EUR' }, gatewayRef: 'ref_9Tz4KdV1' },
});

export const refundFailed = defineEvent({
  ...stream,
  type: 'RefundFailed',
  schemaVersion: 1,
  description: 'The gateway refused a refund; the money is still with us and someone has to follow up.',
  schema: z.strictObject({
    ...ids,
    amount: positiveMoneySchema.describe('Amount that was to be paid back'),
    code: declineCode('Gateway error code, e.g. refund_window_expired'),
  }),
  example: { ...example, amount: { amountMinor: 2499, currency: 'EUR' }, code: 'refund_window_expired' },
});

export const paymentEvents = [
  paymentAuthorized,
  paymentAuthorizationFailed,
  paymentCaptured,
  authorizationVoided,
  paymentRefunded,
  refundFailed,
] as const;
export const paymentEventTypes = typesOf(paymentEvents);

export type PaymentAuthorized = EventOf<typeof paymentAuthorized>;
export type PaymentAuthorizationFailed = EventOf<typeof paymentAuthorizationFailed>;
export type PaymentCaptured = EventOf<typeof paymentCaptured>;
export type AuthorizationVoided = EventOf<typeof authorizationVoided>;
export type PaymentRefunded = EventOf<typeof paymentRefunded>;
export type RefundFailed = EventOf<typeof refundFailed>;
export type PaymentAuthorizedData = PaymentAuthorized['data'];
export type PaymentAuthorizationFailedData = PaymentAuthorizationFailed['data'];
export type PaymentCapturedData = PaymentCaptured['data'];
export type AuthorizationVoidedData = AuthorizationVoided['data'];
export type PaymentRefundedData = PaymentRefunded['data'];
export type RefundFailedData = RefundFailed['data'];
export type PaymentEvent = EventOf<(typeof paymentEvents)[number]>;
