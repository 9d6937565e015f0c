import { randomBytes } from 'node:crypto';
import { formatMoney } from '../../event-schemas/money';
import { callTimeoutMs, checkAuthorize, checkCapture, checkKey, checkRefund, checkVoid, fingerprint, hasDeadline, type CheckedRequest } from './gateway-requests';
import { GatewayClosedError, GatewayIdempotencyMismatchError, GatewayTimeoutError } from './payment-gateway.errors';
import type {
  AuthorizeRequest,
  AuthorizeResult,
  CaptureRequest,
  CaptureResult,
  Declined,
  DeclineCode,
  GatewayCallOptions,
  GatewayOperation,
  LookupResult,
  Money,
  PaymentGateway,
  RefundRequest,
  RefundResult,
  VoidRequest,
  VoidResult,
} from './payment-gateway.port';

/**
 * The in-process gateway: the embedded default, and the engine behind `commerce payment-gateway`.
 * Deterministic by card token, so tests and demos can pick an outcome:
 *   tok_decline…        declined, code card_declined (recorded; lookup shows it)
 *   tok_timeout_noauth… never answers and records nothing: the request was "lost"; lookup says unknown
 *   tok_timeout…        (any other) never answers, but authorizes: lookup shows the authorization,
 *                       which the caller then has to void
 *   anything else       authorized
 * "Never answers" holds for every call with that key, replays included, so only lookup reveals
 * the outcome. State lives in memory only: a restart forgets every authorization and key.
 */
export class SimulatedGateway implements PaymentGateway {
  private readonly records = new Map<string, { fingerprint: string; operation: GatewayOperation; result: AnyResult; silent: boolean }>();
  private readonly authorizations = new Map<string, Authorization>();
  private readonly closing = new AbortController();

  constructor(private readonly options: { timeoutMs: number } = { timeoutMs: 3000 }) {}

  async authorize(request: AuthorizeRequest, options?: GatewayCallOptions): Promise<AuthorizeResult> {
    const checked = checkAuthorize(request);
    return this.handle({ operation: 'authorize', request: checked }, options, () => {
      const { token, amount } = checked;
      if (token.startsWith('tok_timeout_noauth')) return LOST;
      if (token.startsWith('tok_decline')) return { result: declined('card_declined', 'The card issuer declined the authorization') };
      const gatewayRef = newRef('auth');
      this.authorizations.set(gatewayRef, { amount, capturedMinor: 0, refundedMinor: 0, voided: false });
      return { result: { outcome: 'authorized', gatewayRef }, silent: token.startsWith('tok_timeout') };
    });
  }

  async capture(request: CaptureRequest, options?: GatewayCallOptions): Promise<CaptureResult> {
    const checked = checkCapture(request);
    return this.handle({ operation: 'capture', request: checked }, options, () => {
      const found = this.find(checked.gatewayRef, checked.amount);
      if ('outcome' in found) return { result: found };
      if (found.voided) return { result: declined('authorization_voided', `Authorization ${checked.gatewayRef} was voided; nothing can be captured`) };
      const left = found.amount.amountMinor - found.capturedMinor;
      if (checked.amount.amountMinor > left) {
        return { result: declined('amount_exceeds_authorized', `Capture of ${formatMoney(checked.amount)} exceeds the ${formatMoney({ ...found.amount, amountMinor: left })} still authorized`) };
      }
      found.capturedMinor += checked.amount.amountMinor;
      return { result: { outcome: 'captured', gatewayRef: newRef('cap') } };
    });
  }

  async void(request: VoidRequest, options?: GatewayCallOptions): Promise<VoidResult> {
    const checked = checkVoid(request);
    return this.handle({ operation: 'void', request: checked }, options, () => {
      const found = this.find(checked.gatewayRef);
      if ('outcome' in found) return { result: found };
      if (found.voided) return { result: declined('authorization_voided', `Authorization ${checked.gatewayRef} is already voided`) };
      if (found.capturedMinor > 0) return { result: declined('already_captured', `Authorization ${checked.gatewayRef} has captures; refund them instead of voiding`) };
      found.voided = true;
      return { result: { outcome: 'voided', gatewayRef: newRef('void') } };
    });
  }

  async refund(request: RefundRequest, options?: GatewayCallOptions): Promise<RefundResult> {
    const checked = checkRefund(request);
    return this.handle({ operation: 'refund', request: checked }, options, () => {
      const found = this.find(checked.gatewayRef, checked.amount);
      if ('outcome' in found) return { result: found };
      const left = found.capturedMinor - found.refundedMinor;
      if (checked.amount.amountMinor > left) {
        return { result: declined('amount_exceeds_captured', `Refund of ${formatMoney(checked.amount)} exceeds the ${formatMoney({ ...found.amount, amountMinor: left })} captured and not yet refunded`) };
      }
      found.refundedMinor += checked.amount.amountMinor;
      return { result: { outcome: 'refunded', gatewayRef: newRef('ref') } };
    });
  }

  async lookup(idempotencyKey: string, options?: GatewayCallOptions): Promise<LookupResult> {
    this.assertOpen('lookup');
    const key = checkKey(idempotencyKey);
    const timeoutMs = callTimeoutMs(options, this.options.timeoutMs);
    if (options?.signal?.aborted) throw new GatewayTimeoutError('lookup', key, timeoutMs, 'aborted');
    const record = this.records.get(key);
    return record ? ({ operation: record.operation, ...record.result } as LookupResult) : { outcome: 'unknown' };
  }

  async close(): Promise<void> {
    this.closing.abort();
  }

  /** Replays a recorded answer, or decides, records and answers once. */
  private async handle<R extends AnyResult>(checked: CheckedRequest, options: GatewayCallOptions | undefined, decide: () => Decision): Promise<R> {
    const { operation } = checked;
    this.assertOpen(operation);
    const key = checked.request.idempotencyKey;
    const timeoutMs = callTimeoutMs(options, this.options.timeoutMs);
    // An already-aborted call is never sent, so it must not take effect either.
    if (options?.signal?.aborted) throw new GatewayTimeoutError(operation, key, timeoutMs, 'aborted');
    const print = fingerprint(checked);
    const existing = this.records.get(key);
    if (existing && existing.fingerprint !== print) throw new GatewayIdempotencyMismatchError(operation, key);
    let record = existing;
    if (!record) {
      const decision = decide();
      if (decision === LOST) return this.neverAnswer(operation, key, timeoutMs, options?.signal);
      record = { fingerprint: print, operation, result: decision.result, silent: decision.silent ?? false };
      this.records.set(key, record);
    }
    if (record.silent) return this.neverAnswer(operation, key, timeoutMs, options?.signal);
    return { ...record.result } as R;
  }

  private find(gatewayRef: string, amount?: Money): Authorization | Declined {
    const found = this.authorizations.get(gatewayRef);
    if (!found) return declined('unknown_authorization', `No authorization ${gatewayRef} at this gateway (the simulator forgets everything on restart)`);
    if (amount && amount.currency !== found.amount.currency) {
      return declined('currency_mismatch', `Authorization ${gatewayRef} is in ${found.amount.currency}, not ${amount.currency}`);
    }
    return found;
  }

  /** Hangs like a gateway that never replies, until the caller's deadline or signal, or close(). */
  private neverAnswer(operation: GatewayOperation, key: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<never> {
    return new Promise<never>((_resolve, reject) => {
      const finish = (error: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.closing.signal.removeEventListener('abort', onClose);
        reject(error);
      };
      const onAbort = () => finish(new GatewayTimeoutError(operation, key, timeoutMs, 'aborted'));
      const onClose = () => finish(new GatewayClosedError(operation));
      const timer = hasDeadline(timeoutMs) ? setTimeout(() => finish(new GatewayTimeoutError(operation, key, timeoutMs, 'deadline')), timeoutMs) : undefined;
      signal?.addEventListener('abort', onAbort, { once: true });
      this.closing.signal.addEventListener('abort', onClose, { once: true });
    });
  }

  private assertOpen(operation: GatewayOperation | 'lookup'): void {
    if (this.closing.signal.aborted) throw new GatewayClosedError(operation);
  }
}

type AnyResult = AuthorizeResult | CaptureResult | VoidResult | RefundResult;
interface Authorization {
  amount: Money;
  capturedMinor: number;
  refundedMinor: number;
  voided: boolean;
}
const LOST = Symbol('lost');
type Decision = typeof LOST | { result: AnyResult; silent?: boolean };

function declined(code: DeclineCode, message: string): Declined {
  return { outcome: 'declined', code, message };
}

function newRef(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
