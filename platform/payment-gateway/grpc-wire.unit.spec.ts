import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProtoFile, lookupFromWire, lookupToWire, PROTO_FILE_NAME, resultFromWire, resultToWire } from './grpc-wire';
import { GatewayProtocolError } from './payment-gateway.errors';

describe('findProtoFile', () => {
  const root = path.resolve(__dirname, '..', '..');

  it.each([
    ['the TypeScript sources', path.join(root, 'platform', 'payment-gateway')],
    ['the compiled dist/ tree', path.join(root, 'dist', 'platform', 'payment-gateway')],
  ])('finds proto/ at the package root from %s', (_where, dir) => {
    expect(findProtoFile(dir)).toBe(path.join(root, 'proto', PROTO_FILE_NAME));
  });

  it('says what to ship when the package has no proto/ folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgw-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{}');
      expect(() => findProtoFile(path.join(dir, 'dist', 'platform', 'payment-gateway'))).toThrow(/proto\/ folder must ship next to package.json/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('wire conversions', () => {
  it('round-trips every outcome', () => {
    const declined = { outcome: 'declined', code: 'card_declined', message: 'no' } as const;
    expect(resultFromWire('capture', { ...resultToWire({ outcome: 'captured', gatewayRef: 'cap_1' }), outcome: 'captured' })).toEqual({ outcome: 'captured', gatewayRef: 'cap_1' });
    expect(resultFromWire('refund', { ...resultToWire(declined), outcome: 'declined' })).toEqual(declined);
    const recorded = lookupToWire({ operation: 'void', outcome: 'voided', gatewayRef: 'void_1' }) as { recorded: object };
    expect(lookupFromWire({ record: 'recorded', recorded: { ...recorded.recorded, outcome: 'approved' } })).toEqual({ operation: 'void', outcome: 'voided', gatewayRef: 'void_1' });
    expect(lookupFromWire({ record: 'unknown', unknown: {} })).toEqual({ outcome: 'unknown' });
  });

  it('refuses answers that do not fit the operation', () => {
    expect(() => resultFromWire('capture', { outcome: 'authorized', authorized: { gatewayRef: 'auth_1' } })).toThrow(GatewayProtocolError);
    expect(() => resultFromWire('authorize', { outcome: 'authorized', authorized: {} })).toThrow(/without a gateway_ref/);
    expect(() => lookupFromWire({})).toThrow(GatewayProtocolError);
  });
});
