import { InvalidCursorError } from '../read-models/invalid-cursor.error';
import { decodeCursor, encodeCursor, queryFingerprint } from './search-cursor';
import { normalizeIndexSpec } from './index-spec';
import { validateSearchQuery } from './search-request';

const spec = normalizeIndexSpec({ fields: { name: 'text', category: 'keyword' } });
const fingerprint = (target: string, query: object) => queryFingerprint(target, validateSearchQuery(spec, { limit: 10, ...query }));
const any = () => true;

describe('search cursors', () => {
  it('round-trip the sort values of the last hit, as opaque base64url', () => {
    const fp = fingerprint('products', { text: 'lamp' });
    const cursor = encodeCursor(['0.6079271', 'p01'], fp);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, fp, any)).toEqual(['0.6079271', 'p01']);
  });

  it('are bound to the query and the target, not to the page size or facets', () => {
    const fp = fingerprint('products', { text: 'lamp', filters: { category: 'home' } });
    const cursor = encodeCursor([1, 'p01'], fp);
    expect(decodeCursor(cursor, fingerprint('products', { text: 'lamp', filters: { category: 'home' }, limit: 50, facets: ['category'] }), any)).toEqual([1, 'p01']);
    for (const other of [fingerprint('products', { text: 'lamps', filters: { category: 'home' } }), fingerprint('products', { text: 'lamp' }), fingerprint('others', { text: 'lamp', filters: { category: 'home' } })]) {
      expect(() => decodeCursor(cursor, other, any)).toThrow(InvalidCursorError);
    }
  });

  it('refuse edited, made-up and unacceptable values', () => {
    const fp = fingerprint('products', {});
    const cursor = encodeCursor([null, 'p01'], fp);
    const [payload, sum] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const edited = Buffer.from(JSON.stringify([payload.replace('p01', 'p02'), sum])).toString('base64url');
    for (const bad of [edited, 'x', '', Buffer.from('{}').toString('base64url')]) expect(() => decodeCursor(bad, fp, any)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(cursor, fp, () => false)).toThrow(/pass the "next" value of the previous page unchanged/);
  });
});
