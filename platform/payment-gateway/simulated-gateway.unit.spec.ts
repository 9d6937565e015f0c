import { money } from '../../event-schemas/money';
import { authorizeRequest, newKey } from './contract/gateway-fixtures';
import { describePaymentGatewayContract } from './contract/payment-gateway.contract';
import { GatewayClosedError, GatewayInvalidRequestError, GatewayTimeoutError } from './payment-gateway.errors';
import { SimulatedGateway } from './simulated-gateway';

describePaymentGatewayContract('in-process simulator', () => ({
  create: async () => new SimulatedGateway({ timeoutMs: 3000 }),
  dispose: async () => undefined,
}));

describe('SimulatedGateway specifics', () => {
  it('waits its default timeout when the call gives none', async () => {
    const gateway = new SimulatedGateway({ timeoutMs: 40 });
    const error = await gateway.authorize(authorizeRequest('tok_timeout')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 40, reason: 'deadline', message: expect.stringContaining('within 40 ms') });
  });

  it('waits for the signal alone when the timeout is Infinity, and close() releases the wait', async () => {
    const gateway = new SimulatedGateway({ timeoutMs: Infinity });
    const waiting = gateway.authorize(authorizeRequest('tok_timeout_noauth')).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await gateway.close();
    expect(await waiting).toBeInstanceOf(GatewayClosedError);
  });

  it('rejects a timeout that is not a positive number', async () => {
    const gateway = new SimulatedGateway();
    for (const timeoutMs of [0, -1, Number.NaN]) {
      await expect(gateway.lookup(newKey('authorize'), { timeoutMs })).rejects.toMatchObject({ code: 'GATEWAY_INVALID_REQUEST', field: 'timeoutMs' });
    }
  });

  it('gives every operation its own reference, in the events’ formats', async () => {
    const gateway = new SimulatedGateway();
    const auth = await gateway.authorize(authorizeRequest());
    if (auth.outcome !== 'authorized') throw new Error('expected an authorization');
    const amount = money(1000, 'EUR');
    const cap = await gateway.capture({ idempotencyKey: newKey('capture'), gatewayRef: auth.gatewayRef, amount });
    const ref = await gateway.refund({ idempotencyKey: newKey('refund'), gatewayRef: auth.gatewayRef, amount });
    const other = await gateway.authorize(authorizeRequest());
    const refs = [auth, cap, ref, other].map((r) => ('gatewayRef' in r ? r.gatewayRef : ''));
    expect(refs).toEqual([expect.stringMatching(/^auth_\S+$/), expect.stringMatching(/^cap_\S+$/), expect.stringMatching(/^ref_\S+$/), expect.stringMatching(/^auth_\S+$/)]);
    expect(new Set(refs).size).toBe(4);
    const codes = await Promise.all([
      gateway.authorize(authorizeRequest('tok_decline')),
      gateway.capture({ idempotencyKey: newKey('capture'), gatewayRef: auth.gatewayRef, amount }),
      gateway.void({ idempotencyKey: newKey('void'), gatewayRef: auth.gatewayRef }),
    ]);
    // PaymentAuthorizationFailed / RefundFailed accept only this code format.
    for (const result of codes) expect(result).toMatchObject({ outcome: 'declined', code: expect.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/) });
  });

  it('hands out copies, so a caller cannot change what a replay returns', async () => {
    const gateway = new SimulatedGateway();
    const request = authorizeRequest();
    const first = await gateway.authorize(request);
    (first as { gatewayRef: string }).gatewayRef = 'tampered';
    expect(await gateway.authorize(request)).not.toMatchObject({ gatewayRef: 'tampered' });
  });

  it('names the field when a request is not an object it understands', async () => {
    const gateway = new SimulatedGateway();
    const missingAmount = { ...authorizeRequest(), amount: undefined } as never;
    const error = await gateway.authorize(missingAmount).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayInvalidRequestError);
    expect(error).toMatchObject({ field: 'amount.amountMinor' });
    await expect(gateway.lookup('')).rejects.toMatchObject({ field: 'idempotencyKey', message: expect.stringContaining('1-200 characters') });
  });
});
