/**
 * An immutable map from strings to values whose `set` and `delete` return a new map sharing all
 * but a few small nodes with the old one (a hash array mapped trie): adding a record to a state
 * holding thousands costs a handful of short array copies, where copying a Map costs all of them.
 * Deciders keep records in it so that evolving a long-lived state stays cheap.
 *
 * It reads like a Map (ReadonlyMap), iterates in insertion order as a Map does (a key set again
 * keeps its place), and serialises to JSON as snapshot-store's encodeState writes a Map, so a
 * snapshot of a state holding one decodes as a state holding a plain Map, which `from` adopts.
 */
export class PersistentMap<V> implements ReadonlyMap<string, V> {
  private static readonly EMPTY = new PersistentMap<never>({ bitmap: 0, slots: [] }, 0, 0);

  private constructor(
    private readonly root: TrieNode<V>,
    readonly size: number,
    /** The insertion order given to the next new key. */
    private readonly nextOrder: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY as PersistentMap<V>;
  }

  /** The map itself when it already is one; otherwise a copy of its entries, in their order. */
  static from<V>(map: ReadonlyMap<string, V>): PersistentMap<V> {
    if (map instanceof PersistentMap) return map as PersistentMap<V>;
    let result = PersistentMap.empty<V>();
    for (const [key, value] of map) result = result.set(key, value);
    return result;
  }

  get(key: string): V | undefined {
    const hash = hashOf(key);
    let node = this.root;
    for (let shift = 0; ; shift += BITS) {
      const bit = bitAt(hash, shift);
      if ((node.bitmap & bit) === 0) return undefined;
      const slot = node.slots[indexOf(node.bitmap, bit)]!;
      if (isBucket(slot)) return slot.hash === hash ? slot.entries.find((e) => e.key === key)?.value : undefined;
      node = slot;
    }
  }

  has(key: string): boolean {
    const hash = hashOf(key);
    let node = this.root;
    for (let shift = 0; ; shift += BITS) {
      const bit = bitAt(hash, shift);
      if ((node.bitmap & bit) === 0) return false;
      const slot = node.slots[indexOf(node.bitmap, bit)]!;
      if (isBucket(slot)) return slot.hash === hash && slot.entries.some((e) => e.key === key);
      node = slot;
    }
  }

  set(key: string, value: V): PersistentMap<V> {
    const { node, added } = setIn(this.root, 0, hashOf(key), key, value, this.nextOrder);
    return new PersistentMap(node, added ? this.size + 1 : this.size, added ? this.nextOrder + 1 : this.nextOrder);
  }

  delete(key: string): PersistentMap<V> {
    const node = deleteIn(this.root, 0, hashOf(key), key);
    return node === this.root ? this : new PersistentMap(node, this.size - 1, this.nextOrder);
  }

  /** Entries in insertion order: collected and sorted, so iterating costs n log n (reads by key do not). */
  *entries(): MapIterator<[string, V]> {
    const all: Entry<V>[] = [];
    collect(this.root, all);
    all.sort((a, b) => a.order - b.order);
    for (const entry of all) yield [entry.key, entry.value];
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  /** The shape snapshot-store's encodeState gives a Map (JSON.stringify calls this before its replacer). */
  toJSON(): { __map: [string, V][] } {
    return { __map: [...this.entries()] };
  }
}

interface Entry<V> {
  key: string;
  value: V;
  order: number;
}

/** The entries whose keys share one full hash (nearly always one). */
interface Bucket<V> {
  hash: number;
  entries: readonly Entry<V>[];
}

/** Up to 32 slots, present where `bitmap` has a bit, in bit order. */
interface TrieNode<V> {
  bitmap: number;
  slots: readonly (TrieNode<V> | Bucket<V>)[];
}

const BITS = 5;

function isBucket<V>(slot: TrieNode<V> | Bucket<V>): slot is Bucket<V> {
  return 'entries' in slot;
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function bitAt(hash: number, shift: number): number {
  return 1 << ((hash >>> shift) & 31);
}

function indexOf(bitmap: number, bit: number): number {
  let below = bitmap & (bit - 1);
  below -= (below >>> 1) & 0x55555555;
  below = (below & 0x33333333) + ((below >>> 2) & 0x33333333);
  return (((below + (below >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function withSlot<V>(node: TrieNode<V>, index: number, slot: TrieNode<V> | Bucket<V>): TrieNode<V> {
  const slots = node.slots.slice();
  slots[index] = slot;
  return { bitmap: node.bitmap, slots };
}

function setIn<V>(node: TrieNode<V>, shift: number, hash: number, key: string, value: V, order: number): { node: TrieNode<V>; added: boolean } {
  const bit = bitAt(hash, shift);
  const index = indexOf(node.bitmap, bit);
  if ((node.bitmap & bit) === 0) {
    const slots = node.slots.slice();
    slots.splice(index, 0, { hash, entries: [{ key, value, order }] });
    return { node: { bitmap: node.bitmap | bit, slots }, added: true };
  }
  const slot = node.slots[index]!;
  if (!isBucket(slot)) {
    const below = setIn(slot, shift + BITS, hash, key, value, order);
    return { node: withSlot(node, index, below.node), added: below.added };
  }
  if (slot.hash === hash) {
    const at = slot.entries.findIndex((e) => e.key === key);
    if (at < 0) return { node: withSlot(node, index, { hash, entries: [...slot.entries, { key, value, order }] }), added: true };
    const entries = slot.entries.slice();
    entries[at] = { key, value, order: entries[at]!.order };
    return { node: withSlot(node, index, { hash, entries }), added: false };
  }
  // Two hashes meet in this slot: a node one level down holds both (they differ within 32 bits).
  const pushedDown: TrieNode<V> = { bitmap: bitAt(slot.hash, shift + BITS), slots: [slot] };
  return { node: withSlot(node, index, setIn(pushedDown, shift + BITS, hash, key, value, order).node), added: true };
}

/** The node without the key; the same node when the key is absent. */
function deleteIn<V>(node: TrieNode<V>, shift: number, hash: number, key: string): TrieNode<V> {
  const bit = bitAt(hash, shift);
  if ((node.bitmap & bit) === 0) return node;
  const index = indexOf(node.bitmap, bit);
  const slot = node.slots[index]!;
  let replacement: TrieNode<V> | Bucket<V> | undefined;
  if (isBucket(slot)) {
    if (slot.hash !== hash || !slot.entries.some((e) => e.key === key)) return node;
    const entries = slot.entries.filter((e) => e.key !== key);
    replacement = entries.length > 0 ? { hash, entries } : undefined;
  } else {
    const below = deleteIn(slot, shift + BITS, hash, key);
    if (below === slot) return node;
    // A node left with a single bucket is replaced by it, so lookups stay short.
    replacement = below.slots.length === 0 ? undefined : below.slots.length === 1 && isBucket(below.slots[0]!) ? below.slots[0] : below;
  }
  if (replacement) return withSlot(node, index, replacement);
  const slots = node.slots.slice();
  slots.splice(index, 1);
  return { bitmap: node.bitmap & ~bit, slots };
}

function collect<V>(node: TrieNode<V>, into: Entry<V>[]): void {
  for (const slot of node.slots) {
    if (isBucket(slot)) into.push(...slot.entries);
    else collect(slot, into);
  }
}
