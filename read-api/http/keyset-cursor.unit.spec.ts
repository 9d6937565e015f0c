import { InvalidCursorError } from '../../platform/read-models/invalid-cursor.error';
import { decodeKeyset, encodeKeyset } from './keyset-cursor';

describe('Keyset cursors', () => {
  const scope = ['orders', 'customer-1', null];

  it('give back the point they were made from, for the same scope', () => {
    const cursor = encodeKeyset(scope, ['2026-04-02T08:00:00.000000Z', 'b1c2']);
    expect(decodeKeyset(['orders', 'customer-1', null], cursor, ['string', 'string'])).toEqual(['2026-04-02T08:00:00.000000Z', 'b1c2']);
    expect(decodeKeyset(['low-stock'], encodeKeyset(['low-stock'], [-3, 'SKU-1']), ['number', 'string'])).toEqual([-3, 'SKU-1']);
  });

  it('are refused for another scope (another customer, another filter)', () => {
    const cursor = encodeKeyset(scope, ['2026-04-02T08:00:00.000000Z', 'b1c2']);
    expect(() => decodeKeyset(['orders', 'customer-2', null], cursor, ['string', 'string'])).toThrow(InvalidCursorError);
  });

  it('are refused when edited, truncated, padded or of another shape', () => {
    const cursor = encodeKeyset(scope, ['2026-04-02T08:00:00.000000Z', 'b1c2']);
    const [body, tag] = cursor.split('.') as [string, string];
    const edited = Buffer.from(JSON.stringify(['2027-01-01T00:00:00.000000Z', 'b1c2'])).toString('base64url');
    for (const bad of [`${edited}.${tag}`, body, `${cursor}.x`, cursor.slice(0, -1), '', '.']) {
      expect(() => decodeKeyset(scope, bad, ['string', 'string'])).toThrow(InvalidCursorError);
    }
    expect(() => decodeKeyset(scope, cursor, ['number', 'string'])).toThrow(InvalidCursorError);
    expect(() => decodeKeyset(scope, cursor, ['string'])).toThrow(InvalidCursorError);
  });
});
