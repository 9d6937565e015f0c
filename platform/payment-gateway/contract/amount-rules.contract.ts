import { money } from '../../../event-schemas/money';
import type { PaymentGateway } from '../payment-gateway.port';
import { authorizedRef, newKey } from './gateway-fixtures';

/** Captures, voids and refunds against what was authorized and captured, and their lookups. */
export function describeAmountRules(gateway: () => PaymentGateway): void {
  describe('amount rules', () => {
    const capture = (gatewayRef: string, amountMinor: number, currency: 'EUR' | 'USD' = 'EUR') => gateway().capture({ idempotencyKey: newKey('capture'), gatewayRef, amount: money(amountMinor, currency) });
    const refund = (gatewayRef: string, amountMinor: number) => gateway().refund({ idempotencyKey: newKey('refund'), gatewayRef, amount: money(amountMinor, 'EUR') });
    const voidIt = (gatewayRef: string) => gateway().void({ idempotencyKey: newKey('void'), gatewayRef });

    it('captures in parts up to the authorized amount', async () => {
      const ref = await authorizedRef(gateway());
      expect(await capture(ref, 1001)).toMatchObject({ outcome: 'declined', code: 'amount_exceeds_authorized', message: expect.stringContaining('10.00 EUR') });
      expect(await capture(ref, 700)).toEqual({ outcome: 'captured', gatewayRef: expect.any(String) });
      expect(await capture(ref, 301)).toMatchObject({ outcome: 'declined', code: 'amount_exceeds_authorized' });
      expect(await capture(ref, 300)).toMatchObject({ outcome: 'captured' });
    });

    it('refunds in parts up to the captured amount', async () => {
      const ref = await authorizedRef(gateway());
      expect(await refund(ref, 1)).toMatchObject({ outcome: 'declined', code: 'amount_exceeds_captured' });
      await capture(ref, 800);
      expect(await refund(ref, 500)).toEqual({ outcome: 'refunded', gatewayRef: expect.any(String) });
      expect(await refund(ref, 301)).toMatchObject({ outcome: 'declined', code: 'amount_exceeds_captured' });
      expect(await refund(ref, 300)).toMatchObject({ outcome: 'refunded' });
    });

    it('voids only an uncaptured authorization, once', async () => {
      const ref = await authorizedRef(gateway());
      expect(await voidIt(ref)).toEqual({ outcome: 'voided', gatewayRef: expect.any(String) });
      expect(await voidIt(ref)).toMatchObject({ outcome: 'declined', code: 'authorization_voided' });
      expect(await capture(ref, 1)).toMatchObject({ outcome: 'declined', code: 'authorization_voided' });
      const captured = await authorizedRef(gateway());
      await capture(captured, 1);
      expect(await voidIt(captured)).toMatchObject({ outcome: 'declined', code: 'already_captured' });
    });

    it('refuses another currency and unknown authorizations', async () => {
      const ref = await authorizedRef(gateway());
      expect(await capture(ref, 100, 'USD')).toMatchObject({ outcome: 'declined', code: 'currency_mismatch' });
      expect(await capture('auth_nope', 100)).toMatchObject({ outcome: 'declined', code: 'unknown_authorization' });
      expect(await voidIt('auth_nope')).toMatchObject({ outcome: 'declined', code: 'unknown_authorization' });
      expect(await refund('auth_nope', 1)).toMatchObject({ outcome: 'declined', code: 'unknown_authorization' });
    });

    it('records every operation for lookup', async () => {
      const ref = await authorizedRef(gateway());
      const key = newKey('capture');
      const result = await gateway().capture({ idempotencyKey: key, gatewayRef: ref, amount: money(2000, 'EUR') });
      expect(result.outcome).toBe('declined');
      expect(await gateway().lookup(key)).toEqual({ operation: 'capture', ...result });
      const voidKey = newKey('void');
      const voided = await gateway().void({ idempotencyKey: voidKey, gatewayRef: ref });
      expect(voided.outcome).toBe('voided');
      expect(await gateway().lookup(voidKey)).toEqual({ operation: 'void', ...voided });
      expect(await gateway().lookup(newKey('refund'))).toEqual({ outcome: 'unknown' });
    });
  });
}
