import { Client, credentials, Metadata, status, type CallOptions, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { ConfigError } from '../config';
import { callTimeoutMs, checkAuthorize, checkCapture, checkKey, checkRefund, checkVoid, hasDeadline } from './gateway-requests';
import { ERROR_CODE_KEY, ERROR_FIELD_KEY, lookupFromWire, method, moneyToWire, resultFromWire, type WireObject } from './grpc-wire';
import {
  GatewayClosedError,
  GatewayIdempotencyMismatchError,
  GatewayInvalidRequestError,
  GatewayProtocolError,
  GatewayTimeoutError,
  GatewayUnavailableError,
} from './payment-gateway.errors';
import type {
  AuthorizeRequest,
  AuthorizeResult,
  CaptureRequest,
  CaptureResult,
  GatewayCallOptions,
  GatewayOperation,
  LookupResult,
  PaymentGateway,
  RefundRequest,
  RefundResult,
  VoidRequest,
  VoidResult,
} from './payment-gateway.port';

/**
 * The port over gRPC (proto/payment_gateway.proto). Each call's timeout becomes its gRPC deadline
 * and its signal cancels the call; both surface as GatewayTimeoutError, because the gateway may
 * have acted either way. Requests are validated here first, so a caller bug fails the same way
 * as with the in-process simulator and never reaches the network.
 */
export class GrpcPaymentGateway implements PaymentGateway {
  private readonly client: Client;
  private readonly target: string;
  private closed = false;

  constructor(private readonly options: { url: string; timeoutMs: number }) {
    const { target, channelCredentials } = parseGatewayUrl(options.url);
    this.target = target;
    this.client = new Client(target, channelCredentials);
  }

  async authorize(request: AuthorizeRequest, options?: GatewayCallOptions): Promise<AuthorizeResult> {
    const r = checkAuthorize(request);
    const wire = await this.call('authorize', r.idempotencyKey, { ...r, amount: moneyToWire(r.amount) }, options);
    return resultFromWire('authorize', wire);
  }

  async capture(request: CaptureRequest, options?: GatewayCallOptions): Promise<CaptureResult> {
    const r = checkCapture(request);
    return resultFromWire('capture', await this.call('capture', r.idempotencyKey, { ...r, amount: moneyToWire(r.amount) }, options));
  }

  async void(request: VoidRequest, options?: GatewayCallOptions): Promise<VoidResult> {
    const r = checkVoid(request);
    return resultFromWire('void', await this.call('void', r.idempotencyKey, r, options));
  }

  async refund(request: RefundRequest, options?: GatewayCallOptions): Promise<RefundResult> {
    const r = checkRefund(request);
    return resultFromWire('refund', await this.call('refund', r.idempotencyKey, { ...r, amount: moneyToWire(r.amount) }, options));
  }

  async lookup(idempotencyKey: string, options?: GatewayCallOptions): Promise<LookupResult> {
    const key = checkKey(idempotencyKey);
    return lookupFromWire(await this.call('lookup', key, { idempotencyKey: key }, options));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.close();
  }

  private call(rpc: GatewayOperation | 'lookup', key: string, request: object, options: GatewayCallOptions | undefined): Promise<WireObject> {
    if (this.closed) return Promise.reject(new GatewayClosedError(rpc));
    const timeoutMs = callTimeoutMs(options, this.options.timeoutMs);
    const signal = options?.signal;
    // Never sent, so it cannot have taken effect; still the same error as an abort in flight.
    if (signal?.aborted) return Promise.reject(new GatewayTimeoutError(rpc, key, timeoutMs, 'aborted'));
    const { path, requestSerialize, responseDeserialize } = method(rpc);
    const callOptions: CallOptions = hasDeadline(timeoutMs) ? { deadline: Date.now() + timeoutMs } : {};
    return new Promise<WireObject>((resolve, reject) => {
      const onAbort = () => call.cancel();
      const call = this.client.makeUnaryRequest(path, requestSerialize, responseDeserialize, request, new Metadata(), callOptions, (error, response) => {
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(this.toError(rpc, key, timeoutMs, error, signal?.aborted ?? false));
        else if (!response) reject(new GatewayProtocolError(rpc, 'empty response'));
        else resolve(response);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private toError(rpc: GatewayOperation | 'lookup', key: string, timeoutMs: number, error: ServiceError, aborted: boolean): Error {
    const platformCode = error.metadata?.get(ERROR_CODE_KEY)[0];
    switch (error.code) {
      case status.DEADLINE_EXCEEDED:
        return new GatewayTimeoutError(rpc, key, timeoutMs, 'deadline');
      case status.CANCELLED:
        return aborted ? new GatewayTimeoutError(rpc, key, timeoutMs, 'aborted') : new GatewayUnavailableError(this.target, `call cancelled: ${error.details}`);
      case status.UNAVAILABLE:
        return new GatewayUnavailableError(this.target, error.details || 'no connection');
      case status.INVALID_ARGUMENT:
        if (platformCode === 'GATEWAY_INVALID_REQUEST') return new GatewayInvalidRequestError(String(error.metadata.get(ERROR_FIELD_KEY)[0] ?? 'request'), error.details);
        break;
      case status.ALREADY_EXISTS:
        if (platformCode === 'GATEWAY_IDEMPOTENCY_MISMATCH' && rpc !== 'lookup') return new GatewayIdempotencyMismatchError(rpc, key);
        break;
    }
    return new GatewayProtocolError(rpc, `gRPC ${status[error.code] ?? error.code}: ${error.details}`);
  }
}

/**
 * PAYMENT_GATEWAY_URL: grpc://host:port (plaintext, for loopback and private networks) or
 * grpcs://host:port (TLS with the system's trusted CAs).
 */
export function parseGatewayUrl(url: string): { target: string; channelCredentials: ChannelCredentials } {
  const invalid = (why: string) => new ConfigError('PAYMENT_GATEWAY_URL', `${why}: expected grpc://host:port (plaintext) or grpcs://host:port (TLS), got ${JSON.stringify(url)}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('is not a URL');
  }
  if (parsed.protocol !== 'grpc:' && parsed.protocol !== 'grpcs:') throw invalid(`has scheme ${parsed.protocol}`);
  if (!parsed.hostname || !parsed.port) throw invalid('needs a host and a port');
  if ((parsed.pathname && parsed.pathname !== '/') || parsed.search || parsed.username) throw invalid('takes no path, query or credentials');
  return {
    target: `${parsed.hostname}:${parsed.port}`,
    channelCredentials: parsed.protocol === 'grpcs:' ? credentials.createSsl() : credentials.createInsecure(),
  };
}
