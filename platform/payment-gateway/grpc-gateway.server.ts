import { Metadata, Server, ServerCredentials, status, type handleUnaryCall, type ServerUnaryCall, type ServiceError, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from '../logger';
import { ERROR_CODE_KEY, ERROR_FIELD_KEY, gatewayService, lookupToWire, moneyFromWire, resultToWire, RPC, type WireObject } from './grpc-wire';
import { GatewayIdempotencyMismatchError, GatewayInvalidRequestError, GatewayTimeoutError, PaymentGatewayError } from './payment-gateway.errors';
import type { AuthorizeRequest, CaptureRequest, GatewayCallOptions, GatewayOperation, PaymentGateway, RefundRequest, VoidRequest } from './payment-gateway.port';
import { SimulatedGateway } from './simulated-gateway';

export interface GatewaySimulator {
  /** The bound port: the one asked for, or the one the OS picked for port 0. */
  port: number;
  /** grpc://host:port, ready for PAYMENT_GATEWAY_URL. */
  url: string;
  /** Answers calls still waiting (tok_timeout…) with UNAVAILABLE, then closes the listener. */
  stop(): Promise<void>;
}

/**
 * The gRPC gateway simulator behind `commerce payment-gateway`: the simulated gateway's rules over
 * the wire, so the gRPC client path runs for real. Plaintext, for loopback and private networks.
 */
export async function startGatewaySimulator(options: { host?: string; port?: number; log: Logger; gateway?: PaymentGateway }): Promise<GatewaySimulator> {
  const { host = '127.0.0.1', port = 0, log } = options;
  // No timeout of its own: a call waits as long as the client's deadline, which the server enforces.
  const gateway = options.gateway ?? new SimulatedGateway({ timeoutMs: Infinity });
  const stopping = new AbortController();
  const server = new Server();
  server.addService(gatewayService(), handlers(gateway, stopping.signal, log));
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, actual) =>
      error ? reject(new Error(`Payment gateway simulator cannot listen on ${address}: ${error.message}; pick another --port or stop what uses it`)) : resolve(actual),
    ),
  );
  const url = `grpc://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  log.info('payment gateway simulator listening', { url, rules: 'tok_decline… declines, tok_timeout_noauth… is lost, tok_timeout… authorizes silently, others approve' });
  let stopped: Promise<void> | undefined;
  return {
    port: bound,
    url,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        stopping.abort();
        const force = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }).then(() => log.info('payment gateway simulator stopped'));
      return stopped;
    },
  };
}

function handlers(gateway: PaymentGateway, stopping: AbortSignal, log: Logger): UntypedServiceImplementation {
  const unary =
    (rpc: GatewayOperation | 'lookup', run: (request: WireObject, options: GatewayCallOptions) => Promise<WireObject>): handleUnaryCall<WireObject, WireObject> =>
    (call, callback) => {
      const cancelled = new AbortController();
      call.on('cancelled', () => cancelled.abort());
      const options = { signal: AbortSignal.any([cancelled.signal, stopping]), timeoutMs: remainingMs(call) };
      run(call.request, options).then(
        (response) => {
          log.debug(`${RPC[rpc]} answered`, { idempotencyKey: call.request.idempotencyKey, response });
          callback(null, response);
        },
        (error: unknown) => {
          // The client has gone (deadline or cancel): there is nobody to answer.
          if (call.cancelled || cancelled.signal.aborted) return;
          const failure = toServiceError(error, stopping.aborted);
          if (failure.code === status.INTERNAL) log.error(`${RPC[rpc]} failed`, { error });
          callback(failure);
        },
      );
    };
  // Wire values go in unchecked: the gateway validates them exactly as it does in-process.
  return {
    [RPC.authorize]: unary('authorize', async (w, o) =>
      resultToWire(await gateway.authorize({ idempotencyKey: w.idempotencyKey, paymentId: w.paymentId, orderId: w.orderId, amount: moneyFromWire(w.amount), token: w.token } as AuthorizeRequest, o)),
    ),
    [RPC.capture]: unary('capture', async (w, o) =>
      resultToWire(await gateway.capture({ idempotencyKey: w.idempotencyKey, gatewayRef: w.gatewayRef, amount: moneyFromWire(w.amount) } as CaptureRequest, o)),
    ),
    [RPC.void]: unary('void', async (w, o) => resultToWire(await gateway.void({ idempotencyKey: w.idempotencyKey, gatewayRef: w.gatewayRef } as VoidRequest, o))),
    [RPC.refund]: unary('refund', async (w, o) =>
      resultToWire(await gateway.refund({ idempotencyKey: w.idempotencyKey, gatewayRef: w.gatewayRef, amount: moneyFromWire(w.amount) } as RefundRequest, o)),
    ),
    [RPC.lookup]: unary('lookup', async (w, o) => lookupToWire(await gateway.lookup(w.idempotencyKey as string, o))),
  } as UntypedServiceImplementation;
}

/** The client's deadline, so a call that hangs ends on the server even if the cancel is lost. */
function remainingMs(call: ServerUnaryCall<WireObject, WireObject>): number {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) ? Math.max(1, at - Date.now()) : Infinity;
}

/** Typed errors travel as a status plus the platform's error code, so the client can rebuild them. */
function toServiceError(error: unknown, stopping: boolean): Partial<ServiceError> & { code: status } {
  const metadata = new Metadata();
  if (error instanceof PaymentGatewayError) metadata.set(ERROR_CODE_KEY, error.code);
  if (error instanceof GatewayInvalidRequestError) {
    metadata.set(ERROR_FIELD_KEY, error.field);
    return { code: status.INVALID_ARGUMENT, details: error.reason, metadata };
  }
  if (error instanceof GatewayIdempotencyMismatchError) return { code: status.ALREADY_EXISTS, details: error.message, metadata };
  if (stopping) return { code: status.UNAVAILABLE, details: 'the payment gateway simulator is shutting down before it answered', metadata };
  if (error instanceof GatewayTimeoutError) return { code: status.DEADLINE_EXCEEDED, details: error.message, metadata };
  return { code: status.INTERNAL, details: error instanceof Error ? error.message : String(error), metadata };
}
