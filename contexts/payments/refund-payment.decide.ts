import { formatMoney, type Money, type PaymentEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import { nextGatewayIdempotencyKey } from './gateway-idempotency-key';
import type { Payment, PaymentState } from './payment.decider';
import { assertGatewayCode, assertGatewayRef, assertPaymentCurrency, assertValidAmount, existingPayment, type GatewayRequest } from './payment.rules';

export interface RefundPayment {
  orderId: string;
  /** Part or all of what was captured and not yet refunded. */
  amount: Money;
}

export type RefundOutcome = { outcome: 'refunded'; gatewayRef: string } | { outcome: 'failed'; code: string };

export type RefundResult = RefundPayment & RefundOutcome;

/**
 * Refunds may be partial and repeated, so a refund has no natural identity here: every request
 * is a new refund with the next key. A retry of the same HTTP request is absorbed by the
 * command's Idempotency-Key before it reaches the decider.
 */
export function requestRefund(command: RefundPayment, state: PaymentState): GatewayRequest {
  const payment = refundablePayment(command, state);
  return { operation: 'refund', paymentId: payment.paymentId, idempotencyKey: nextGatewayIdempotencyKey(state, 'refund'), amount: command.amount };
}

export function decideRefundResult(command: RefundResult, state: PaymentState): PaymentEvent[] {
  const { paymentId, orderId } = refundablePayment(command, state);
  const { amount } = command;
  if (command.outcome === 'refunded') {
    assertGatewayRef(command.gatewayRef);
    return [{ type: 'PaymentRefunded', data: { paymentId, orderId, amount, gatewayRef: command.gatewayRef } }];
  }
  assertGatewayCode(command.code);
  return [{ type: 'RefundFailed', data: { paymentId, orderId, amount, code: command.code } }];
}

/** Refunded never exceeds captured. */
function refundablePayment(command: RefundPayment, state: PaymentState): Payment {
  assertValidAmount(command.amount, 'amount to refund');
  const payment = existingPayment(state, command.orderId);
  if (payment.status !== 'Captured' || payment.captured === null) {
    throw new DomainError(
      'PAYMENT_NOT_CAPTURED',
      `Payment ${payment.paymentId} is ${payment.status}: nothing was charged, so there is nothing to refund${payment.status === 'Authorized' ? '; void the authorization instead' : ''}.`,
      'conflict',
      { paymentId: payment.paymentId, status: payment.status },
    );
  }
  assertPaymentCurrency(payment, command.amount, 'amount to refund');
  const refundable = payment.captured.amountMinor - payment.refunded.amountMinor;
  if (command.amount.amountMinor > refundable) {
    throw new DomainError(
      'REFUND_EXCEEDS_CAPTURED',
      `Cannot refund ${formatMoney(command.amount)}: ${formatMoney(payment.captured)} was captured and ${formatMoney(payment.refunded)} refunded already, so at most ${formatMoney({ ...payment.refunded, amountMinor: refundable })} can be refunded.`,
      'rejected',
      { paymentId: payment.paymentId, captured: payment.captured, refunded: payment.refunded, refundable },
    );
  }
  return payment;
}
