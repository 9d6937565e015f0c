import { isCurrencyCode, SUPPORTED_CURRENCIES } from '../../event-schemas/money';
import { GatewayInvalidRequestError } from './payment-gateway.errors';
import type { AuthorizeRequest, CaptureRequest, GatewayCallOptions, Money, RefundRequest, VoidRequest } from './payment-gateway.port';

/**
 * Request checks shared by both adapters: the gRPC client runs them before sending, so a caller
 * bug fails the same way (GatewayInvalidRequestError) whichever adapter is configured, and the
 * simulator runs them again because other clients may call it.
 */
const REFERENCE = /^\S{1,200}$/;

function reference(field: string, value: unknown): string {
  if (typeof value !== 'string' || !REFERENCE.test(value)) {
    throw new GatewayInvalidRequestError(field, `must be 1-200 characters without spaces (got ${JSON.stringify(value)})`);
  }
  return value;
}

function positiveMoney(field: string, value: unknown): Money {
  const { amountMinor, currency } = (value ?? {}) as Partial<Money>;
  if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new GatewayInvalidRequestError(`${field}.amountMinor`, `must be a positive safe integer of minor units, e.g. 1250 for 12.50 EUR (got ${JSON.stringify(amountMinor)})`);
  }
  if (!isCurrencyCode(currency)) {
    throw new GatewayInvalidRequestError(`${field}.currency`, `must be one of ${SUPPORTED_CURRENCIES.join(', ')} (got ${JSON.stringify(currency)})`);
  }
  return { amountMinor, currency };
}

/** The request as the gateway compares it: field order fixed, nothing but the request fields. */
export type CheckedRequest =
  | { operation: 'authorize'; request: AuthorizeRequest }
  | { operation: 'capture'; request: CaptureRequest }
  | { operation: 'void'; request: VoidRequest }
  | { operation: 'refund'; request: RefundRequest };

export function checkAuthorize(r: AuthorizeRequest): AuthorizeRequest {
  return {
    idempotencyKey: reference('idempotencyKey', r?.idempotencyKey),
    paymentId: reference('paymentId', r.paymentId),
    orderId: reference('orderId', r.orderId),
    amount: positiveMoney('amount', r.amount),
    token: reference('token', r.token),
  };
}

export function checkCapture(r: CaptureRequest): CaptureRequest {
  return { idempotencyKey: reference('idempotencyKey', r?.idempotencyKey), gatewayRef: reference('gatewayRef', r.gatewayRef), amount: positiveMoney('amount', r.amount) };
}

export function checkVoid(r: VoidRequest): VoidRequest {
  return { idempotencyKey: reference('idempotencyKey', r?.idempotencyKey), gatewayRef: reference('gatewayRef', r.gatewayRef) };
}

export function checkRefund(r: RefundRequest): RefundRequest {
  return { idempotencyKey: reference('idempotencyKey', r?.idempotencyKey), gatewayRef: reference('gatewayRef', r.gatewayRef), amount: positiveMoney('amount', r.amount) };
}

export function checkKey(idempotencyKey: unknown): string {
  return reference('idempotencyKey', idempotencyKey);
}

/** Equal for the same request only; checked requests have a fixed key order. */
export function fingerprint(checked: CheckedRequest): string {
  return JSON.stringify([checked.operation, checked.request]);
}

/** The timeout a call waits: its own, else the adapter's default; Infinity means no deadline. */
export function callTimeoutMs(options: GatewayCallOptions | undefined, defaultMs: number): number {
  const timeoutMs = options?.timeoutMs ?? defaultMs;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
    throw new GatewayInvalidRequestError('timeoutMs', `must be a positive number of milliseconds or Infinity (got ${JSON.stringify(timeoutMs)})`);
  }
  return timeoutMs;
}

/** setTimeout fires at once for delays above 2^31-1 ms, so longer deadlines count as none. */
export function hasDeadline(timeoutMs: number): boolean {
  return timeoutMs <= 2_147_483_647;
}
