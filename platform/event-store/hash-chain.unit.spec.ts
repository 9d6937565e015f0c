import { canonicalJson, chainHash, contentDigest, encodeForStorage, GENESIS_HASH, sha256Hex } from './hash-chain';

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

describe('encodeForStorage', () => {
  const base = {
    eventId: 'A1B2C3D4-0000-4000-8000-000000000001',
    type: 'StockReserved',
    schemaVersion: 1,
    data: { z: [1, { b: 'x', a: null }], a: 'ü', n: 12.5 },
    metadata: { correlationId: 'o', causationId: 'c', actor: { subject: 's', role: 'r' }, occurredAt: '2026-01-01T00:00:00.000Z' },
  };

  it('hashes exactly the canonical JSON of the whole envelope', () => {
    for (const event of [base, { ...base, metadata: { ...base.metadata, traceparent: '00-abc-def-01' } }, { ...base, data: null }, { ...base, data: [] }]) {
      const envelope = { eventId: event.eventId.toLowerCase(), type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata };
      expect(encodeForStorage(event).digest).toBe(sha256Hex(canonicalJson(envelope)));
    }
  });

  it('stores only the metadata the hash covers', () => {
    const withExtra = { ...base, metadata: { ...base.metadata, smuggled: 'not hashed' } as typeof base.metadata };
    expect(JSON.parse(encodeForStorage(withExtra).metadataJson)).toEqual(base.metadata);
  });
});
