import { generateKeyPairSync } from 'node:crypto';
import { Position } from '../position';
import { AnchorFormatError, checkAnchorSignature, formatAnchor, parseAnchor, signAnchor, streamsDigest, type AnchorFile } from './anchor-file';

const h = (c: string) => c.repeat(64);
const position = Position.encode(42n, 7n);
const streams = [
  { streamId: 'payment-1', revision: 1, hash: h('b') },
  { streamId: 'order-1', revision: 3, hash: h('a') },
];

describe('anchor files', () => {
  const keys = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const signed = () => signAnchor({ position, streams, createdAt: new Date('2026-05-01T12:00:00.000Z'), signingKey: keys.privateKey });
  const roundTrip = (a: AnchorFile) => parseAnchor(formatAnchor(a), 'anchor.json');

  it('holds the position, the sorted stream list, its digest, the creation time and the key id, and survives writing and reading', () => {
    const anchor = signed();
    expect(anchor).toMatchObject({ format: 'commerce-audit-anchor/1', position, streamCount: 2, createdAt: '2026-05-01T12:00:00.000Z' });
    expect(anchor.streams.map((s) => s.streamId)).toEqual(['order-1', 'payment-1']);
    expect(anchor.digest).toBe(streamsDigest(anchor.streams));
    expect(roundTrip(anchor)).toEqual(anchor);
    expect(checkAnchorSignature(roundTrip(anchor), keys.publicKey)).toMatchObject({ ok: true, keyId: anchor.publicKeyId });
  });

  it('digests the list in order, so the same heads always give the same digest', () => {
    expect(streamsDigest(streams)).not.toBe(streamsDigest([...streams].reverse()));
    expect(signed().digest).toBe(signed().digest);
  });

  it('writes an empty list for an empty store', () => {
    const empty = signAnchor({ position: Position.START, streams: [], createdAt: new Date(), signingKey: keys.privateKey });
    expect(checkAnchorSignature(roundTrip(empty), keys.publicKey).ok).toBe(true);
  });

  describe('an anchor that is not authentic', () => {
    it('fails when a signed field was edited', () => {
      const forged = { ...signed(), position: Position.encode(43n, 0n) };
      expect(checkAnchorSignature(forged, keys.publicKey)).toMatchObject({ ok: false, reason: 'bad-signature' });
    });

    it('fails when an anchored hash in the list was edited, even though the signed fields are untouched', () => {
      const anchor = signed();
      const forged = { ...anchor, streams: anchor.streams.map((s, i) => (i === 0 ? { ...s, hash: h('c') } : s)) };
      expect(checkAnchorSignature(forged, keys.publicKey)).toMatchObject({ ok: false, reason: 'list-edited' });
    });

    it('fails when a stream was dropped from the list', () => {
      const anchor = signed();
      expect(checkAnchorSignature({ ...anchor, streams: anchor.streams.slice(1) }, keys.publicKey)).toMatchObject({ ok: false, reason: 'list-edited' });
    });

    it('fails when re-signed with another key but checked with the right one', () => {
      const resigned = signAnchor({ position, streams, createdAt: new Date(), signingKey: other.privateKey });
      expect(checkAnchorSignature(resigned, keys.publicKey)).toMatchObject({ ok: false, reason: 'wrong-key' });
    });

    it('fails when another key claims the right key id', () => {
      const resigned = signAnchor({ position, streams, createdAt: new Date(), signingKey: other.privateKey });
      expect(checkAnchorSignature({ ...resigned, publicKeyId: signed().publicKeyId }, keys.publicKey)).toMatchObject({ ok: false, reason: 'bad-signature' });
    });

    it('fails under the wrong public key, naming both key ids', () => {
      const check = checkAnchorSignature(signed(), other.publicKey);
      expect(check).toMatchObject({ ok: false, reason: 'wrong-key' });
      expect(!check.ok && check.detail).toMatch(/names signing key [0-9a-f]{16}, but the public key given is [0-9a-f]{16}/);
    });
  });

  describe('reading a file that is not an anchor', () => {
    const text = () => formatAnchor(signed());
    it.each([
      ['not JSON', () => '{', /anchor.json is not JSON/],
      ['another format', () => text().replace('commerce-audit-anchor/1', 'something/2'), /format: /],
      ['a bad position', () => text().replace(position, 'xyz'), /position: must be a 32-character position token/],
      ['a bad stream hash', () => text().replace(h('a'), 'abc'), /streams.0.hash: must be 64 lowercase hex digits/],
      ['a missing signature', () => JSON.stringify({ ...JSON.parse(text()), signature: undefined }), /signature: /],
      ['an unknown field', () => JSON.stringify({ ...JSON.parse(text()), extra: 1 }), /not a valid anchor/],
      ['an unsorted list', () => JSON.stringify({ ...JSON.parse(text()), streams: [...signed().streams].reverse() }), /streams.1: order-1 is out of order or repeated/],
    ])('refuses %s, naming what is wrong', (_name, make, message) => {
      expect(() => parseAnchor(make(), 'anchor.json')).toThrow(AnchorFormatError);
      expect(() => parseAnchor(make(), 'anchor.json')).toThrow(message);
    });
  });
});
