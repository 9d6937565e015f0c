import { canonicalJson, chainHash, contentDigest, GENESIS_HASH, sha256Hex } from './hash-chain';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members, so key order never changes the bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('keeps strings exact, including unicode and escapes', () => {
    expect(canonicalJson({ s: 'Zürich "quoted" \n ✓' })).toBe('{"s":"Zürich \\"quoted\\" \\n ✓"}');
  });

  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });
});

describe('the hash chain', () => {
  const event = {
    eventId: '6F1C9A2E-1111-4A4A-8B8B-000000000001',
    type: 'OrderPlaced',
    schemaVersion: 2,
    data: { total: { amountMinor: 1250, currency: 'EUR' } },
    metadata: { correlationId: 'o-1', causationId: 'c-1', actor: { subject: 'u-1', role: 'customer' }, occurredAt: '2026-01-01T00:00:00.000Z' },
  };

  it('binds the digest to the previous hash, the stream and the revision', () => {
    const digest = contentDigest(event);
    const h = chainHash(GENESIS_HASH, 'order-1', 0, digest);
    expect(h).toBe(sha256Hex(`${GENESIS_HASH}\norder-1\n0\n${digest}`));
    expect(chainHash(GENESIS_HASH, 'order-2', 0, digest)).not.toBe(h);
    expect(chainHash(GENESIS_HASH, 'order-1', 1, digest)).not.toBe(h);
    expect(chainHash('f'.repeat(64), 'order-1', 0, digest)).not.toBe(h);
  });

  it('changes the digest when the payload, type, version or caller metadata change, not when the event id case does', () => {
    const base = contentDigest(event);
    expect(contentDigest({ ...event, eventId: event.eventId.toLowerCase() })).toBe(base);
    expect(contentDigest({ ...event, data: { total: { amountMinor: 1251, currency: 'EUR' } } })).not.toBe(base);
    expect(contentDigest({ ...event, type: 'OrderCancelled' })).not.toBe(base);
    expect(contentDigest({ ...event, schemaVersion: 1 })).not.toBe(base);
    expect(contentDigest({ ...event, metadata: { ...event.metadata, actor: { subject: 'u-2', role: 'customer' } } })).not.toBe(base);
  });
});
