import { formatMoney, type Money, type PaymentEvent } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { nextGatewayIdempotencyKey } from './gateway-idempotency-key';
import type { PaymentState } from './payment.decider';
import { assertGatewayRef, assertPaymentCurrency, assertValidAmount, existingPayment, type GatewayRequest } from './payment.rules';

export interface CapturePayment {
  orderId: string;
  /** Defaults to the whole authorized amount; never more. */
  amount?: Money;
}

export type CaptureResult = CapturePayment & { gatewayRef: string };

/** At shipment, once. Null when the payment is captured already. */
export function requestCapture(command: CapturePayment, state: PaymentState): GatewayRequest | null {
  const amount = amountToCapture(command, state);
  if (amount === null) return null;
  const payment = existingPayment(state, command.orderId);
  return { operation: 'capture', paymentId: payment.paymentId, idempotencyKey: nextGatewayIdempotencyKey(state, 'capture'), amount };
}

export function decideCaptureResult(command: CaptureResult, state: PaymentState): PaymentEvent[] {
  const amount = amountToCapture(command, state);
  assertGatewayRef(command.gatewayRef);
  if (amount === null) return [];
  const { paymentId, orderId } = existingPayment(state, command.orderId);
  return [{ type: 'PaymentCaptured', data: { paymentId, orderId, gatewayRef: command.gatewayRef, amount } }];
}

/** The amount to capture, or null when this capture happened already. */
function amountToCapture(command: CapturePayment, state: PaymentState): Money | null {
  if (command.amount !== undefined) assertValidAmount(command.amount, 'amount to capture');
  const payment = existingPayment(state, command.orderId);
  const { paymentId } = payment;
  switch (payment.status) {
    case 'Authorized': {
      const amount = command.amount ?? payment.amount;
      assertPaymentCurrency(payment, amount, 'amount to capture');
      if (amount.amountMinor > payment.amount.amountMinor) {
        throw new DomainError(
          'CAPTURE_EXCEEDS_AUTHORIZED',
          `Cannot capture ${formatMoney(amount)}: only ${formatMoney(payment.amount)} is authorized for payment ${paymentId}; capture at most that.`,
          'rejected',
          { paymentId, authorized: payment.amount },
        );
      }
      return amount;
    }
    case 'Captured':
      if (command.amount === undefined || (payment.captured !== null && command.amount.amountMinor === payment.captured.amountMinor)) return null;
      throw new DomainError(
        'PAYMENT_ALREADY_CAPTURED',
        `Payment ${paymentId} was captured already (${formatMoney(payment.captured ?? payment.amount)}); a payment is captured once, at shipment.`,
        'conflict',
        { paymentId, captured: payment.captured },
      );
    case 'AuthorizationFailed':
      throw new DomainError('PAYMENT_NOT_AUTHORIZED', `Payment ${paymentId} was never authorized (${payment.failureCode}), so there is nothing to capture.`, 'conflict', {
        paymentId,
        failureCode: payment.failureCode,
      });
    case 'Voided':
      throw new DomainError('AUTHORIZATION_VOIDED', `The authorization of payment ${paymentId} was voided, so there is nothing to capture; authorize a new payment.`, 'conflict', {
        paymentId,
      });
    default:
      return unreachable(payment.status, 'payment status');
  }
}
