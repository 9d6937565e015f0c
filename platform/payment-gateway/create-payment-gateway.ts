import { ConfigError } from '../config';
import type { Logger } from '../logger';
import { GrpcPaymentGateway } from './grpc-gateway.client';
import type { PaymentGateway } from './payment-gateway.port';
import { SimulatedGateway } from './simulated-gateway';

export interface PaymentGatewayConfig {
  /** PAYMENT_GATEWAY_URL: unset for the in-process simulator, else grpc://host:port or grpcs://host:port. */
  paymentGatewayUrl?: string;
  /** PAYMENT_GATEWAY_TIMEOUT_MS (default 3000): how long a call waits for an answer unless it says otherwise. */
  timeoutMs: number;
}

/** The gateway PAYMENT_GATEWAY_URL selects: the in-process simulator when unset, a gRPC client otherwise. */
export function createPaymentGateway(config: PaymentGatewayConfig, log?: Logger): PaymentGateway {
  const { paymentGatewayUrl, timeoutMs } = config;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ConfigError('PAYMENT_GATEWAY_TIMEOUT_MS', `must be a positive number of milliseconds, got ${JSON.stringify(timeoutMs)}`);
  }
  if (!paymentGatewayUrl) {
    log?.info('payment gateway: in-process simulator (state is lost on restart)', { timeoutMs });
    return new SimulatedGateway({ timeoutMs });
  }
  // Connects lazily: an unreachable gateway shows up as GatewayUnavailableError on the first call.
  const gateway = new GrpcPaymentGateway({ url: paymentGatewayUrl, timeoutMs });
  log?.info('payment gateway: gRPC', { url: paymentGatewayUrl, timeoutMs });
  return gateway;
}
