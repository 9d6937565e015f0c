import { formatMoney, type Money, type PaymentEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import { nextGatewayIdempotencyKey } from './gateway-idempotency-key';
import type { Payment, PaymentState } from './payment.decider';
import { assertGatewayCode, assertGatewayRef, assertValidAmount, sameMoney, type GatewayRequest } from './payment.rules';

/** The code recorded when the gateway never answered before the deadline. */
export const AUTHORIZATION_TIMEOUT_CODE = 'timeout';

export interface AuthorizePayment {
  orderId: string;
  paymentId: string;
  /** The order total. */
  amount: Money;
  /** Opaque card token for the gateway; the decision does not look at it. */
  paymentToken?: string;
}

/** What the gateway answered; `timedOut` when the deadline passed without an answer. */
export type AuthorizationOutcome = { outcome: 'authorized'; gatewayRef: string } | { outcome: 'declined'; code: string } | { outcome: 'timedOut' };

export type AuthorizationResult = AuthorizePayment & AuthorizationOutcome;

/**
 * Step one, before the gateway is called: the call to make, or null when the outcome of this
 * payment's authorization is recorded already (a retry or a redelivery: nothing to do).
 */
export function requestAuthorization(command: AuthorizePayment, state: PaymentState): GatewayRequest | null {
  const recorded = recordedAuthorization(command, state);
  if (recorded !== null) return null;
  return {
    operation: 'authorize',
    paymentId: command.paymentId,
    idempotencyKey: nextGatewayIdempotencyKey(state, 'authorize', command.paymentId),
    amount: command.amount,
  };
}

/**
 * Step two, with the gateway's answer. Recording the same outcome again decides nothing; an
 * answer that contradicts the recorded one (a late approval after the timeout was recorded as
 * a failure) is refused, and the hold it created has to be voided.
 */
export function decideAuthorizationResult(command: AuthorizationResult, state: PaymentState): PaymentEvent[] {
  const recorded = recordedAuthorization(command, state);
  const { orderId, paymentId, amount } = command;
  if (command.outcome === 'authorized') assertGatewayRef(command.gatewayRef);
  if (command.outcome === 'declined') assertGatewayCode(command.code);

  if (recorded === null) {
    if (command.outcome === 'authorized') return [{ type: 'PaymentAuthorized', data: { orderId, paymentId, amount, gatewayRef: command.gatewayRef } }];
    const code = command.outcome === 'declined' ? command.code : AUTHORIZATION_TIMEOUT_CODE;
    return [{ type: 'PaymentAuthorizationFailed', data: { orderId, paymentId, amount, code } }];
  }
  if (command.outcome === 'authorized' ? recorded.authorizationRef === command.gatewayRef : recorded.authorizationRef === null) return [];
  if (command.outcome === 'authorized' && recorded.authorizationRef === null) {
    throw new DomainError(
      'AUTHORIZATION_ALREADY_RECORDED',
      `Payment ${paymentId} was recorded as failed (${recorded.failureCode}) before the gateway's approval ${command.gatewayRef} arrived; void that authorization (reason authorizationTimedOut) instead of recording it.`,
      'conflict',
      { paymentId, failureCode: recorded.failureCode, gatewayRef: command.gatewayRef },
    );
  }
  throw new DomainError(
    'AUTHORIZATION_ALREADY_RECORDED',
    `Payment ${paymentId} is already authorized (gateway reference ${recorded.authorizationRef}); this answer contradicts it. Reconcile with the gateway before recording anything else.`,
    'conflict',
    { paymentId, authorizationRef: recorded.authorizationRef },
  );
}

/** One payment per order (the stream is payment-<orderId>); null while its authorization has no outcome. */
function recordedAuthorization(command: AuthorizePayment, state: PaymentState): Payment | null {
  assertValidAmount(command.amount, 'amount to authorize');
  if (state.status === 'NotRequested') return null;
  if (state.paymentId !== command.paymentId) {
    throw new DomainError(
      'PAYMENT_ALREADY_EXISTS',
      `Order ${command.orderId} already has payment ${state.paymentId}; an order is paid by one payment, so use that payment id.`,
      'conflict',
      { orderId: command.orderId, paymentId: state.paymentId },
    );
  }
  if (!sameMoney(state.amount, command.amount)) {
    throw new DomainError(
      'PAYMENT_AMOUNT_MISMATCH',
      `Payment ${state.paymentId} was requested for ${formatMoney(state.amount)}, not ${formatMoney(command.amount)}; a retry must ask for the same amount.`,
      'conflict',
      { paymentId: state.paymentId, amount: state.amount },
    );
  }
  return state;
}
