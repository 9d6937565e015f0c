import { assertTargetName, normalizeIndexSpec, sameSpec, textFields } from './index-spec';

describe('index specs', () => {
  it('normalize to sorted fields and explicit boosts for every text field', () => {
    const spec = normalizeIndexSpec({ fields: { name: 'text', sku: 'keyword', description: 'text' }, boosts: { name: 3 } });
    expect(JSON.stringify(spec)).toBe('{"fields":{"description":"text","name":"text","sku":"keyword"},"boosts":{"description":1,"name":3}}');
    expect(sameSpec(spec, { boosts: { description: 1, name: 3 }, fields: { sku: 'keyword', description: 'text', name: 'text' } })).toBe(true);
    expect(sameSpec(spec, { fields: { name: 'text', sku: 'keyword', description: 'text' } })).toBe(false);
    expect(textFields(spec)).toEqual([{ field: 'name', boost: 3 }, { field: 'description', boost: 1 }]);
  });

  it.each([
    [{ fields: { 'na-me': 'text' } }, 'fields.na-me'],
    [{ fields: { name: 'text' }, boosts: { name: 0 } }, 'boosts.name'],
    [{ fields: { name: 'text' }, analyzers: {} }, 'analyzers'],
    [{}, 'fields'],
  ])('rejects %j at %s', (spec, field) => {
    expect(() => normalizeIndexSpec(spec)).toThrow(expect.objectContaining({ code: 'INVALID_INDEX_SPEC', field }));
  });
});

describe('target names', () => {
  it('accept lowercase words joined by single underscores, up to 48 characters', () => {
    for (const ok of ['product_search_g2', 'a', 'x1_y2', 'p'.repeat(48)]) expect(() => assertTargetName(ok)).not.toThrow();
    for (const bad of ['Product', 'product__g2', 'product_', '1product', 'pro-duct', 'p'.repeat(49), 42]) expect(() => assertTargetName(bad)).toThrow(/Invalid search target/);
    expect(() => assertTargetName('checkpoints', ['checkpoints'])).toThrow(/reserved/);
  });
});
