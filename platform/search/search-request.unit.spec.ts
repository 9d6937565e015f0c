import { normalizeIndexSpec } from './index-spec';
import { tokenize, validateSearchQuery } from './search-request';

const spec = normalizeIndexSpec({ fields: { name: 'text', category: 'keyword', priceMinor: 'long', orderable: 'boolean', addedAt: 'date' } });

describe('tokenize', () => {
  it('keeps letters and digits, lowercased, once each', () => {
    expect(tokenize('  Wireless KEYBOARD, usb-c; wireless 3.5mm Café ')).toEqual(['wireless', 'keyboard', 'usb', 'c', '3', '5mm', 'café']);
    expect(tokenize('?!')).toEqual([]);
  });
});

describe('validateSearchQuery', () => {
  it('orders by relevance with text, by id without, and by a field when asked', () => {
    expect(validateSearchQuery(spec, { text: 'lamp', limit: 5 }).order).toEqual({ by: 'score' });
    expect(validateSearchQuery(spec, { text: ' ', limit: 5 }).order).toEqual({ by: 'id' });
    expect(validateSearchQuery(spec, { sort: { field: 'addedAt', direction: 'desc' }, limit: 5 }).order).toEqual({ by: 'field', field: 'addedAt', kind: 'date', direction: 'desc' });
  });

  it('lists filters and ranges by field name, so equal queries compare equal', () => {
    const a = validateSearchQuery(spec, { filters: { orderable: true, category: 'tea' }, ranges: { priceMinor: { lte: 10 } }, limit: 5 });
    expect(a.filters).toEqual([{ field: 'category', kind: 'keyword', value: 'tea' }, { field: 'orderable', kind: 'boolean', value: true }]);
    expect(a.ranges).toEqual([{ field: 'priceMinor', lte: 10 }]);
  });

  it.each([
    [{ text: 'x'.repeat(201), limit: 5 }, 'text', /at most 200 characters/],
    [{ text: Array.from({ length: 13 }, (_, i) => `w${i}`).join(' '), limit: 5 }, 'text', /at most 12 words/],
    [{ ranges: { priceMinor: { gte: Number.NaN } }, limit: 5 }, 'ranges.priceMinor.gte', /finite number/],
    [{ ranges: { priceMinor: { from: 1 } }, limit: 5 }, 'ranges.priceMinor.from', /not a range bound/],
    [{ facets: ['category', 'orderable'], limit: 5 }, 'facets[1]', /boolean field/],
    [{ cursor: '', limit: 5 }, 'cursor', /"next" string/],
    [null, 'query', /object/],
  ])('rejects %j at %s', (query, field, reason) => {
    expect(() => validateSearchQuery(spec, query)).toThrow(expect.objectContaining({ code: 'INVALID_SEARCH_QUERY', field, reason: expect.stringMatching(reason) }));
  });

  it('refuses text on an index without text fields', () => {
    const keywords = normalizeIndexSpec({ fields: { sku: 'keyword' } });
    expect(() => validateSearchQuery(keywords, { text: 'abc', limit: 5 })).toThrow(/no text fields/);
    expect(validateSearchQuery(keywords, { text: '', limit: 5 }).terms).toEqual([]);
  });
});
