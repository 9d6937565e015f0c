import { decodeState, encodeState } from '../../platform/snapshots/snapshot-store';
import { PersistentMap } from './persistent-map';

/** A deterministic stream of pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function expectSame<V>(actual: PersistentMap<V>, expected: Map<string, V>): void {
  expect(actual.size).toBe(expected.size);
  expect([...actual]).toEqual([...expected]);
  const lookups = [...expected.keys()].map((key) => [actual.has(key), actual.get(key)]);
  expect(lookups).toEqual([...expected.values()].map((value) => [true, value]));
}

describe('PersistentMap', () => {
  it('behaves like a Map through thousands of sets and deletes, insertion order included', () => {
    const next = random(7);
    const model = new Map<string, number>();
    let map = PersistentMap.empty<number>();
    for (let step = 0; step < 20_000; step++) {
      const key = `order-${Math.floor(next() * 3000)}:reserve:SKU-${Math.floor(next() * 3)}`;
      if (next() < 0.3) {
        model.delete(key);
        map = map.delete(key);
      } else {
        model.set(key, step);
        map = map.set(key, step);
      }
      if (step % 2500 === 0) expectSame(map, model);
    }
    expectSame(map, model);
    expect(map.get('absent')).toBeUndefined();
    expect(map.has('absent')).toBe(false);
    expect(map.delete('absent')).toBe(map);
  });

  it('never changes a map it was made from', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `r-${i}`);
    const versions = [PersistentMap.empty<number>()];
    for (const [i, key] of keys.entries()) versions.push(versions[i]!.set(key, i));
    const removed = keys.reduce((map, key, i) => (i % 2 ? map.delete(key) : map), versions[500]!);
    versions.forEach((version, n) => n % 25 === 0 && expectSame(version, new Map(keys.slice(0, n).map((key, i) => [key, i]))));
    expect(removed.size).toBe(250);
    expect(versions[500]!.size).toBe(500);
  });

  it('keeps keys that share a hash apart', () => {
    // FNV-1a collides on these (found by search); the map must still tell them apart.
    const collisions = findCollision();
    let map = PersistentMap.empty<string>().set(collisions[0], 'first').set(collisions[1], 'second').set('other', 'third');
    expect([map.get(collisions[0]), map.get(collisions[1]), map.get('other')]).toEqual(['first', 'second', 'third']);
    map = map.delete(collisions[0]);
    expect([map.has(collisions[0]), map.get(collisions[1]), map.size]).toEqual([false, 'second', 2]);
  });

  it('adopts a Map once, and is written to a snapshot as a Map is', () => {
    const plain = new Map([
      ['b', { quantity: 1 }],
      ['a', { quantity: 2 }],
    ]);
    const adopted = PersistentMap.from(plain);
    expect(PersistentMap.from(adopted)).toBe(adopted);
    expect([...adopted.keys()]).toEqual(['b', 'a']);
    expect(encodeState({ open: adopted })).toBe(encodeState({ open: plain }));
    expect(decodeState(encodeState({ open: adopted.set('c', { quantity: 3 }) }))).toEqual({ open: new Map([...plain, ['c', { quantity: 3 }]]) });
  });
});

/** Two different short keys with the same FNV-1a hash. */
function findCollision(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const key = `k${i.toString(36)}`;
    let hash = 0x811c9dc5;
    for (let c = 0; c < key.length; c++) hash = Math.imul(hash ^ key.charCodeAt(c), 0x01000193);
    hash >>>= 0;
    const other = seen.get(hash);
    if (other !== undefined) return [other, key];
    seen.set(hash, key);
  }
}
