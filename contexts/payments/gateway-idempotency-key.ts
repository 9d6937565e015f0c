import { DomainError } from '../shared/domain-error';
import { gatewayCallsOf, type GatewayOperation, type PaymentState } from './payment.decider';

export function gatewayIdempotencyKey(paymentId: string, operation: GatewayOperation, n: number): string {
  return `${paymentId}:${operation}:${n}`;
}

/**
 * The key for the next call of an operation: n counts the calls of that operation whose outcome
 * is recorded, plus one. A call retried before its outcome was recorded (a crash, a timeout)
 * gets the same key, so the gateway answers it without acting twice; once the outcome is
 * recorded the next call is a new one. `paymentId` is needed while nothing is recorded yet.
 */
export function nextGatewayIdempotencyKey(state: PaymentState, operation: GatewayOperation, paymentId?: string): string {
  const id = state.status === 'NotRequested' ? paymentId : state.paymentId;
  if (id === undefined) {
    throw new DomainError('PAYMENT_NOT_FOUND', `No payment was requested for this order yet, so there is no payment id for the ${operation} key; authorize first.`, 'not_found');
  }
  if (paymentId !== undefined && paymentId !== id) {
    throw new DomainError('PAYMENT_ID_MISMATCH', `This order's payment is ${id}, not ${paymentId}; use the payment id of the order.`, 'conflict', { paymentId: id });
  }
  return gatewayIdempotencyKey(id, operation, gatewayCallsOf(state)[operation] + 1);
}

/**
 * The key of the last recorded call of an operation, or null when there was none: what the
 * process manager asks the gateway about after an authorization timed out.
 */
export function lastGatewayIdempotencyKey(state: PaymentState, operation: GatewayOperation): string | null {
  if (state.status === 'NotRequested' || state.gatewayCalls[operation] === 0) return null;
  return gatewayIdempotencyKey(state.paymentId, operation, state.gatewayCalls[operation]);
}
