import type { Money } from '../../event-schemas/money';

export type { Money };

/**
 * The payment gateway as the payments context sees it. Two adapters: the in-process simulated
 * gateway (the embedded default) and a gRPC client (PAYMENT_GATEWAY_URL); both pass
 * contract/payment-gateway.contract.ts.
 *
 * Idempotency: every call carries a key `<paymentId>:<operation>:<n>`. The same key with the same
 * request gets the same answer and no second effect; the same key with a different request throws
 * GatewayIdempotencyMismatchError. Business refusals (declines, amount rules) are answers, not
 * errors, and are recorded under their key like approvals.
 *
 * No answer: a call that gets no answer within its timeout (or whose signal aborts) throws
 * GatewayTimeoutError. The gateway may still have acted, so the caller asks lookup(key) before
 * deciding, e.g. voids an authorization it never heard about.
 */
export interface PaymentGateway {
  authorize(request: AuthorizeRequest, options?: GatewayCallOptions): Promise<AuthorizeResult>;
  /** Charges held funds; captures add up and never exceed the authorized amount. */
  capture(request: CaptureRequest, options?: GatewayCallOptions): Promise<CaptureResult>;
  /** Releases an authorization; refused once anything was captured (refund instead). */
  void(request: VoidRequest, options?: GatewayCallOptions): Promise<VoidResult>;
  /** Pays captured money back; refunds add up and never exceed what was captured. */
  refund(request: RefundRequest, options?: GatewayCallOptions): Promise<RefundResult>;
  /** What the gateway recorded for a key: the answer it gave (or would have given), or unknown. */
  lookup(idempotencyKey: string, options?: GatewayCallOptions): Promise<LookupResult>;
  /** Releases connections; calls after close fail. */
  close(): Promise<void>;
}

export interface GatewayCallOptions {
  /** Aborting gives up waiting (GatewayTimeoutError, reason 'aborted'); the call may still take effect. */
  signal?: AbortSignal;
  /** Overrides the adapter's default (PAYMENT_GATEWAY_TIMEOUT_MS). Infinity waits for as long as the signal allows. */
  timeoutMs?: number;
}

export type GatewayOperation = 'authorize' | 'capture' | 'void' | 'refund';

export interface AuthorizeRequest {
  idempotencyKey: string;
  paymentId: string;
  orderId: string;
  amount: Money;
  /** Card token from the payment form. */
  token: string;
}

export interface CaptureRequest {
  idempotencyKey: string;
  /** The authorization's gatewayRef, as authorize returned it. */
  gatewayRef: string;
  amount: Money;
}

export interface VoidRequest {
  idempotencyKey: string;
  /** The authorization's gatewayRef, as authorize returned it. */
  gatewayRef: string;
}

export interface RefundRequest {
  idempotencyKey: string;
  /** The authorization's gatewayRef, as authorize returned it (not the capture's). */
  gatewayRef: string;
  amount: Money;
}

/** A refusal: `code` is machine-readable and fits the events' decline-code format. */
export interface Declined {
  outcome: 'declined';
  code: DeclineCode;
  message: string;
}

/** Codes the simulator gives; a real gateway may give others, so callers treat the type as open. */
export type DeclineCode =
  | 'card_declined'
  | 'unknown_authorization'
  | 'currency_mismatch'
  | 'amount_exceeds_authorized'
  | 'amount_exceeds_captured'
  | 'authorization_voided'
  | 'already_captured'
  | (string & {});

/** Each success carries the gateway's reference of that operation, for the matching event. */
export type AuthorizeResult = { outcome: 'authorized'; gatewayRef: string } | Declined;
export type CaptureResult = { outcome: 'captured'; gatewayRef: string } | Declined;
export type VoidResult = { outcome: 'voided'; gatewayRef: string } | Declined;
export type RefundResult = { outcome: 'refunded'; gatewayRef: string } | Declined;

export type LookupResult =
  | { outcome: 'unknown' }
  | ({ operation: 'authorize' } & AuthorizeResult)
  | ({ operation: 'capture' } & CaptureResult)
  | ({ operation: 'void' } & VoidResult)
  | ({ operation: 'refund' } & RefundResult);

/** The success outcome of each operation, so adapters can build results generically. */
export const APPROVED_OUTCOME = { authorize: 'authorized', capture: 'captured', void: 'voided', refund: 'refunded' } as const;
