import type { GatewayOperation } from './payment-gateway.port';

/** Base class so callers can tell gateway failures from everything else. */
export abstract class PaymentGatewayError extends Error {
  abstract readonly code: string;
}

/**
 * No answer in time. The request may or may not have reached the gateway and taken effect, which
 * is why this is not a decline: ask lookup(idempotencyKey), or retry with the same key.
 */
export class GatewayTimeoutError extends PaymentGatewayError {
  readonly code = 'GATEWAY_TIMEOUT';
  constructor(
    readonly operation: GatewayOperation | 'lookup',
    readonly idempotencyKey: string,
    readonly timeoutMs: number,
    /** 'deadline': the timeout passed; 'aborted': the caller's signal aborted first. */
    readonly reason: 'deadline' | 'aborted',
  ) {
    super(
      `Payment gateway gave no answer to ${operation} ${idempotencyKey} ${reason === 'deadline' ? `within ${timeoutMs} ms` : 'before the caller aborted'}; ` +
        `the outcome is unknown: call lookup(${JSON.stringify(idempotencyKey)}) before deciding (retrying with the same key is also safe)`,
    );
    this.name = 'GatewayTimeoutError';
  }
}

/** The key was already used for a different request; a key names exactly one request. */
export class GatewayIdempotencyMismatchError extends PaymentGatewayError {
  readonly code = 'GATEWAY_IDEMPOTENCY_MISMATCH';
  constructor(
    readonly operation: GatewayOperation,
    readonly idempotencyKey: string,
  ) {
    super(
      `Idempotency key ${idempotencyKey} was already used for a different request than this ${operation}; ` +
        'a retry must repeat the original request exactly, and a new request needs the next key (<paymentId>:<operation>:<n+1>)',
    );
    this.name = 'GatewayIdempotencyMismatchError';
  }
}

/** A malformed request: a bug in the caller, never sent to (or acted on by) the gateway. */
export class GatewayInvalidRequestError extends PaymentGatewayError {
  readonly code = 'GATEWAY_INVALID_REQUEST';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid payment gateway request: ${field} ${reason}`);
    this.name = 'GatewayInvalidRequestError';
  }
}

/**
 * The gateway could not be reached. When it fails before connecting nothing was sent; when a
 * connection drops mid-call the outcome is unknown, so treat it like a timeout: lookup or retry
 * with the same key.
 */
export class GatewayUnavailableError extends PaymentGatewayError {
  readonly code = 'GATEWAY_UNAVAILABLE';
  constructor(
    readonly target: string,
    readonly detail: string,
  ) {
    super(
      `Payment gateway at ${target} is unavailable (${detail}); check PAYMENT_GATEWAY_URL and that the gateway ` +
        '(or `commerce payment-gateway`) is running, then retry with the same idempotency key',
    );
    this.name = 'GatewayUnavailableError';
  }
}

/** The gateway answered something this client does not understand, or failed internally. */
export class GatewayProtocolError extends PaymentGatewayError {
  readonly code = 'GATEWAY_PROTOCOL_ERROR';
  constructor(
    readonly operation: GatewayOperation | 'lookup',
    detail: string,
  ) {
    super(`Payment gateway ${operation} failed: ${detail}; the outcome is unknown, so use lookup before deciding`);
    this.name = 'GatewayProtocolError';
  }
}

/** close() was called; a new gateway instance is needed. */
export class GatewayClosedError extends PaymentGatewayError {
  readonly code = 'GATEWAY_CLOSED';
  constructor(readonly operation: GatewayOperation | 'lookup') {
    super(`Payment gateway ${operation} called after close(); create a new gateway (createPaymentGateway) instead`);
    this.name = 'GatewayClosedError';
  }
}
