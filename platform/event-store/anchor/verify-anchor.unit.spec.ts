import { compareHeads } from './verify-anchor';

const h = (c: string) => c.repeat(64);
const anchored = [
  { streamId: 'order-1', revision: 3, hash: h('a') },
  { streamId: 'payment-1', revision: 1, hash: h('b') },
];
const found = (entries: [string, number, string][]) => new Map(entries.map(([id, revision, hash]) => [id, { revision, hash }]));

describe('comparing the heads found at the anchored position with the anchored ones', () => {
  it('finds nothing when every stream is where the anchor left it', () => {
    expect(compareHeads(anchored, found([['order-1', 3, h('a')], ['payment-1', 1, h('b')]]))).toEqual([]);
  });

  it('reports a stream whose anchored revision now has another hash', () => {
    expect(compareHeads(anchored, found([['order-1', 3, h('c')], ['payment-1', 1, h('b')]]))).toEqual([
      expect.objectContaining({ streamId: 'order-1', kind: 'hash-changed', anchored: { revision: 3, hash: h('a') }, found: { revision: 3, hash: h('c') } }),
    ]);
  });

  it('reports a stream that lost events', () => {
    const [problem] = compareHeads(anchored, found([['order-1', 2, h('a')], ['payment-1', 1, h('b')]]));
    expect(problem).toMatchObject({ streamId: 'order-1', kind: 'events-lost' });
    expect(problem!.detail).toMatch(/anchored up to revision 3, but the store holds only up to revision 2/);
  });

  it('reports a stream that is gone', () => {
    expect(compareHeads(anchored, found([['payment-1', 1, h('b')]]))).toEqual([expect.objectContaining({ streamId: 'order-1', kind: 'stream-missing', found: null })]);
  });

  it('reports a stream that gained events at or before the anchored position', () => {
    expect(compareHeads(anchored, found([['order-1', 4, h('d')], ['payment-1', 1, h('b')]]))).toEqual([expect.objectContaining({ streamId: 'order-1', kind: 'events-added' })]);
  });

  it('reports a stream that is not in the anchor at all', () => {
    const problems = compareHeads(anchored, found([['order-1', 3, h('a')], ['payment-1', 1, h('b')], ['order-0', 0, h('e')]]));
    expect(problems).toEqual([expect.objectContaining({ streamId: 'order-0', kind: 'not-anchored', anchored: null })]);
    expect(problems[0]!.detail).toMatch(/has 1 event\(s\) at or before the anchored position but is not in the anchor/);
  });

  it('reports every problem, sorted by stream', () => {
    expect(compareHeads(anchored, found([['payment-1', 0, h('b')], ['cart-9', 0, h('f')]])).map((p) => [p.streamId, p.kind])).toEqual([
      ['cart-9', 'not-anchored'], ['order-1', 'stream-missing'], ['payment-1', 'events-lost'],
    ]);
  });
});
