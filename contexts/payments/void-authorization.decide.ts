import type { AuthorizationVoidedData, PaymentEvent } from '../../event-schemas';
import { unreachable } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { AUTHORIZATION_TIMEOUT_CODE } from './authorize-payment.decide';
import { nextGatewayIdempotencyKey } from './gateway-idempotency-key';
import type { Payment, PaymentState } from './payment.decider';
import { assertGatewayRef, existingPayment, type GatewayRequest } from './payment.rules';

export type VoidReason = AuthorizationVoidedData['reason'];
const VOID_REASONS: readonly VoidReason[] = ['authorizationTimedOut', 'orderCancelled', 'orderRejected'];

export interface VoidAuthorization {
  orderId: string;
  reason: VoidReason;
}

export type VoidResult = VoidAuthorization & { gatewayRef: string };

/** Null when no hold is left to lift: voided already, or declined so nothing was ever held. */
export function requestVoid(command: VoidAuthorization, state: PaymentState): GatewayRequest | null {
  const payment = paymentToVoid(command, state);
  if (payment === null) return null;
  return { operation: 'void', paymentId: payment.paymentId, idempotencyKey: nextGatewayIdempotencyKey(state, 'void'), amount: payment.amount };
}

export function decideVoidResult(command: VoidResult, state: PaymentState): PaymentEvent[] {
  const payment = paymentToVoid(command, state);
  assertGatewayRef(command.gatewayRef);
  if (payment === null) return [];
  const { paymentId, orderId, amount } = payment;
  return [{ type: 'AuthorizationVoided', data: { paymentId, orderId, amount, gatewayRef: command.gatewayRef, reason: command.reason } }];
}

/**
 * Only an uncaptured hold can be voided. An authorization that timed out may still have been
 * approved by the gateway, so it can be voided too (the handler asks the gateway first, by the
 * authorization's idempotency key).
 */
function paymentToVoid(command: VoidAuthorization, state: PaymentState): Payment | null {
  if (!VOID_REASONS.includes(command.reason)) {
    throw new DomainError('INVALID_VOID_REASON', `Void reason ${JSON.stringify(command.reason)} is not valid: send one of ${VOID_REASONS.join(', ')}.`, 'rejected', {
      reason: command.reason,
    });
  }
  const payment = existingPayment(state, command.orderId);
  switch (payment.status) {
    case 'Authorized':
      return payment;
    case 'AuthorizationFailed':
      return payment.failureCode === AUTHORIZATION_TIMEOUT_CODE ? payment : null;
    case 'Voided':
      return null;
    case 'Captured':
      throw new DomainError(
        'PAYMENT_ALREADY_CAPTURED',
        `Payment ${payment.paymentId} was captured, so its authorization can no longer be voided; refund the captured amount instead.`,
        'conflict',
        { paymentId: payment.paymentId },
      );
    default:
      return unreachable(payment.status, 'payment status');
  }
}
