import { paymentAuthorizationFailed, paymentAuthorized, positiveMoneySchema, type Money } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import type { GatewayOperation, Payment, PaymentState } from './payment.decider';

/** What the handler sends to the gateway; the decider decides whether a call may be made at all. */
export interface GatewayRequest {
  operation: GatewayOperation;
  paymentId: string;
  idempotencyKey: string;
  amount: Money;
}

export function existingPayment(state: PaymentState, orderId: string): Payment {
  if (state.status === 'NotRequested') {
    throw new DomainError('PAYMENT_NOT_FOUND', `No payment was requested for order ${orderId}; authorize a payment first.`, 'not_found', { orderId });
  }
  return state;
}

export function assertValidAmount(amount: Money, what: string): void {
  if (!positiveMoneySchema.safeParse(amount).success) {
    throw new DomainError(
      'INVALID_AMOUNT',
      `The ${what} ${JSON.stringify(amount)} is not valid: send a positive whole number of minor units in a supported currency, e.g. { "amountMinor": 6248, "currency": "EUR" }.`,
      'rejected',
      { amount },
    );
  }
}

export function assertPaymentCurrency(payment: Payment, amount: Money, what: string): void {
  if (amount.currency !== payment.amount.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `The payment is in ${payment.amount.currency}, so the ${what} must be too (got ${amount.currency}).`, 'rejected', {
      currency: payment.amount.currency,
    });
  }
}

export function assertGatewayRef(gatewayRef: string): void {
  if (!paymentAuthorized.schema.shape.gatewayRef.safeParse(gatewayRef).success) {
    throw new DomainError('INVALID_GATEWAY_REF', `Gateway reference ${JSON.stringify(gatewayRef)} is not valid: pass the gateway's reference as given, 1-200 characters without spaces.`, 'rejected');
  }
}

export function assertGatewayCode(code: string): void {
  if (!paymentAuthorizationFailed.schema.shape.code.safeParse(code).success) {
    throw new DomainError('INVALID_GATEWAY_CODE', `Gateway code ${JSON.stringify(code)} is not valid: pass the gateway's code as given, 1-64 letters, digits, "_", ".", ":" or "-".`, 'rejected');
  }
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.amountMinor === b.amountMinor && a.currency === b.currency;
}
