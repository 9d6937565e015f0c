import { randomUUID } from 'node:crypto';
import { money } from '../../../event-schemas/money';
import type { AuthorizeRequest, Money, PaymentGateway } from '../payment-gateway.port';

/** What an adapter's test file supplies to run the shared contract against it. */
export interface PaymentGatewayHarness {
  /** A gateway under test; may be called more than once (the close test needs its own). */
  create(): Promise<PaymentGateway>;
  dispose(): Promise<void>;
}

/** Long enough for a loopback round trip under load, short enough to keep the suite fast. */
export const SHORT_TIMEOUT_MS = 300;
export const EUR_10 = money(1000, 'EUR');

export const newKey = (operation: string) => `${randomUUID()}:${operation}:1`;

export const authorizeRequest = (token = 'tok_visa', overrides: Partial<AuthorizeRequest> = {}): AuthorizeRequest => ({
  idempotencyKey: newKey('authorize'),
  paymentId: randomUUID(),
  orderId: randomUUID(),
  amount: EUR_10,
  token,
  ...overrides,
});

/** The gatewayRef of a fresh authorization, for tests about what comes after it. */
export async function authorizedRef(gateway: PaymentGateway, amount: Money = EUR_10): Promise<string> {
  const result = await gateway.authorize(authorizeRequest('tok_visa', { amount }));
  if (result.outcome !== 'authorized') throw new Error(`expected an authorization, got ${JSON.stringify(result)}`);
  return result.gatewayRef;
}
