import { trimOldest } from './lru';

describe('trimOldest', () => {
  it('leaves a cache within its capacity alone, and drops the oldest tenth at once when it is over', () => {
    const cache = new Map(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    trimOldest(cache, 100);
    expect(cache.size).toBe(100);
    // Used again: now the newest.
    cache.delete('k0');
    cache.set('k0', 0);
    cache.set('k100', 100);
    trimOldest(cache, 100);
    expect(cache.size).toBe(90);
    expect([...cache.keys()].slice(0, 2)).toEqual(['k12', 'k13']);
    expect(cache.has('k0')).toBe(true);
    expect(cache.has('k100')).toBe(true);
  });

  it('works on a Set', () => {
    const seen = new Set(['a', 'b', 'c', 'd']);
    trimOldest(seen, 3);
    expect([...seen]).toEqual(['c', 'd']);
  });
});
