import { money } from '../../../event-schemas/money';
import { GatewayClosedError, GatewayIdempotencyMismatchError, GatewayInvalidRequestError, GatewayTimeoutError } from '../payment-gateway.errors';
import type { AuthorizeRequest, PaymentGateway } from '../payment-gateway.port';
import { describeAmountRules } from './amount-rules.contract';
import { authorizedRef, authorizeRequest, newKey, SHORT_TIMEOUT_MS, type PaymentGatewayHarness } from './gateway-fixtures';

/**
 * The behaviour every PaymentGateway adapter must show, with the simulator's token rules: the
 * in-process adapter runs it directly, the gRPC client against the simulator server.
 */
export function describePaymentGatewayContract(adapter: string, harness: () => PaymentGatewayHarness): void {
  describe(`PaymentGateway contract: ${adapter}`, () => {
    let h: PaymentGatewayHarness;
    let gateway: PaymentGateway;

    beforeAll(async () => {
      h = harness();
      gateway = await h.create();
    });
    afterAll(async () => {
      await gateway?.close();
      await h?.dispose();
    });

    describe('authorize', () => {
      it('approves an ordinary token and records the answer under its key', async () => {
        const request = authorizeRequest('tok_visa');
        const result = await gateway.authorize(request);
        expect(result).toEqual({ outcome: 'authorized', gatewayRef: expect.stringMatching(/^\S{1,200}$/) });
        expect(await gateway.lookup(request.idempotencyKey)).toEqual({ operation: 'authorize', ...result });
      });

      it('declines tokens starting tok_decline with card_declined', async () => {
        const request = authorizeRequest('tok_decline_insufficient');
        const result = await gateway.authorize(request);
        expect(result).toEqual({ outcome: 'declined', code: 'card_declined', message: expect.stringMatching(/declined/) });
        expect(await gateway.lookup(request.idempotencyKey)).toEqual({ operation: 'authorize', ...result });
      });

      it('never answers tok_timeout but authorizes, so lookup finds an authorization to void', async () => {
        const request = authorizeRequest('tok_timeout');
        const started = Date.now();
        const error = await gateway.authorize(request, { timeoutMs: SHORT_TIMEOUT_MS }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(GatewayTimeoutError);
        expect(error).toMatchObject({ code: 'GATEWAY_TIMEOUT', reason: 'deadline', operation: 'authorize', idempotencyKey: request.idempotencyKey });
        expect(Date.now() - started).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 20);
        const found = await gateway.lookup(request.idempotencyKey);
        expect(found).toEqual({ operation: 'authorize', outcome: 'authorized', gatewayRef: expect.any(String) });
        if (found.outcome !== 'authorized') return;
        expect(await gateway.void({ idempotencyKey: newKey('void'), gatewayRef: found.gatewayRef })).toMatchObject({ outcome: 'voided' });
      });

      it('keeps silent when tok_timeout is retried with the same key', async () => {
        const request = authorizeRequest('tok_timeout');
        await expect(gateway.authorize(request, { timeoutMs: SHORT_TIMEOUT_MS })).rejects.toBeInstanceOf(GatewayTimeoutError);
        await expect(gateway.authorize(request, { timeoutMs: SHORT_TIMEOUT_MS })).rejects.toBeInstanceOf(GatewayTimeoutError);
      });

      it('never answers tok_timeout_noauth and records nothing', async () => {
        const request = authorizeRequest('tok_timeout_noauth');
        await expect(gateway.authorize(request, { timeoutMs: SHORT_TIMEOUT_MS })).rejects.toMatchObject({ code: 'GATEWAY_TIMEOUT', reason: 'deadline' });
        expect(await gateway.lookup(request.idempotencyKey)).toEqual({ outcome: 'unknown' });
      });

      it('stops waiting when the caller aborts', async () => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 50);
        const started = Date.now();
        await expect(gateway.authorize(authorizeRequest('tok_timeout'), { signal: controller.signal, timeoutMs: 30_000 })).rejects.toMatchObject({ code: 'GATEWAY_TIMEOUT', reason: 'aborted' });
        expect(Date.now() - started).toBeLessThan(5_000);
      });

      it('does not send a call whose signal has already aborted', async () => {
        const request = authorizeRequest('tok_visa');
        await expect(gateway.authorize(request, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'GATEWAY_TIMEOUT', reason: 'aborted' });
        expect(await gateway.lookup(request.idempotencyKey)).toEqual({ outcome: 'unknown' });
      });

      it('carries amounts up to the largest safe integer exactly', async () => {
        const ref = await authorizedRef(gateway, money(Number.MAX_SAFE_INTEGER, 'JPY'));
        const capture = (amountMinor: number) => gateway.capture({ idempotencyKey: newKey('capture'), gatewayRef: ref, amount: money(amountMinor, 'JPY') });
        expect(await capture(Number.MAX_SAFE_INTEGER - 1)).toMatchObject({ outcome: 'captured' });
        expect(await capture(2)).toMatchObject({ outcome: 'declined', code: 'amount_exceeds_authorized' });
        expect(await capture(1)).toMatchObject({ outcome: 'captured' });
      });
    });

    describe('idempotency', () => {
      it('answers a repeated request with the same answer and acts once', async () => {
        const request = authorizeRequest('tok_visa');
        const first = await gateway.authorize(request);
        expect(await gateway.authorize({ ...request })).toEqual(first);
        if (first.outcome !== 'authorized') throw new Error('expected an authorization');
        const capture = { idempotencyKey: newKey('capture'), gatewayRef: first.gatewayRef, amount: money(600, 'EUR') };
        const captured = await gateway.capture(capture);
        expect(await gateway.capture(capture)).toEqual(captured);
        // Had the repeat captured again, only 0.00 EUR would be left.
        expect(await gateway.capture({ ...capture, idempotencyKey: newKey('capture'), amount: money(400, 'EUR') })).toMatchObject({ outcome: 'captured' });
      });

      it('replays declines too', async () => {
        const request = authorizeRequest('tok_decline');
        const first = await gateway.authorize(request);
        expect(await gateway.authorize(request)).toEqual(first);
      });

      it('rejects the same key with a different request and keeps the first answer', async () => {
        const request = authorizeRequest('tok_visa');
        const first = await gateway.authorize(request);
        for (const different of [{ ...request, amount: money(1001, 'EUR') }, { ...request, token: 'tok_decline' }]) {
          const error = await gateway.authorize(different).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(GatewayIdempotencyMismatchError);
          expect(error).toMatchObject({ code: 'GATEWAY_IDEMPOTENCY_MISMATCH', idempotencyKey: request.idempotencyKey, operation: 'authorize' });
        }
        if (first.outcome !== 'authorized') throw new Error('expected an authorization');
        await expect(gateway.void({ idempotencyKey: request.idempotencyKey, gatewayRef: first.gatewayRef })).rejects.toMatchObject({ code: 'GATEWAY_IDEMPOTENCY_MISMATCH', operation: 'void' });
        expect(await gateway.lookup(request.idempotencyKey)).toEqual({ operation: 'authorize', ...first });
      });
    });

    describeAmountRules(() => gateway);

    describe('invalid requests', () => {
      it.each([
        ['amount.amountMinor', 'zero', { amount: { amountMinor: 0, currency: 'EUR' } }],
        ['amount.amountMinor', 'a fraction', { amount: { amountMinor: 12.5, currency: 'EUR' } }],
        ['amount.currency', 'unsupported', { amount: { amountMinor: 100, currency: 'XXX' } }],
        ['token', 'empty', { token: '' }],
        ['orderId', 'with spaces', { orderId: 'has spaces' }],
      ] as [string, string, Partial<AuthorizeRequest>][])('rejects %s (%s) and records nothing', async (field, _why, overrides) => {
        const request = authorizeRequest('tok_visa', overrides);
        const error = await gateway.authorize(request).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(GatewayInvalidRequestError);
        expect(error).toMatchObject({ code: 'GATEWAY_INVALID_REQUEST', field });
        expect(await gateway.lookup(request.idempotencyKey)).toEqual({ outcome: 'unknown' });
      });
    });

    it('refuses calls after close', async () => {
      const other = await h.create();
      await other.close();
      await expect(other.lookup(newKey('authorize'))).rejects.toBeInstanceOf(GatewayClosedError);
      await expect(other.authorize(authorizeRequest())).rejects.toMatchObject({ code: 'GATEWAY_CLOSED' });
    });
  });
}
