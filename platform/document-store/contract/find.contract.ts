import { InvalidCursorError } from '../../read-models/invalid-cursor.error';
import type { DocumentStore, FindQuery } from '../document-store.port';
import { InvalidDocumentArgumentError } from '../document-store.errors';
import { allPages, doc, idsOf, shuffled, tamper, uniqueTarget, type Data } from './contract-fixtures';

/** find: filters, sort order, keyset pages and the cursors and limits it refuses. */
export function describeFindContract(context: () => DocumentStore): void {
  describe('find', () => {
    let store: DocumentStore;
    let target: string;
    const orders: [string, Data][] = [
      ['o-01', { customerId: 'c-1', status: 'paid', total: 10, gift: false, placedAt: '2026-03-01T10:00:00.000Z' }],
      ['o-02', { customerId: 'c-1', status: 'new', total: 9, gift: true, placedAt: '2026-03-02T09:00:00.000Z' }],
      ['o-03', { customerId: 'c-2', status: 'paid', total: 100, gift: false, placedAt: '2026-02-27T23:59:59.999Z' }],
      ['o-04', { customerId: 'c-1', status: 'paid', total: 2, gift: false, placedAt: '2026-03-01T09:30:00.000Z' }],
      ['o-05', { customerId: 'c-3', status: '10', total: 2.5, gift: true, placedAt: '2026-01-15T08:00:00.000Z' }],
    ];

    beforeAll(async () => {
      store = context();
      target = uniqueTarget('orders');
      await store.ensureTarget(target, { indexes: [['customerId', 'placedAt'], ['status'], ['total']] });
      await store.putMany(target, shuffled(orders).map(([id, data], i) => doc(id, i + 1, data)));
    });

    const ids = async (query: FindQuery) => idsOf(await allPages(store, target, query));

    it('keeps only documents equal on every field of where, comparing values with their type', async () => {
      expect((await ids({ where: { customerId: 'c-1' }, limit: 10 })).sort()).toEqual(['o-01', 'o-02', 'o-04']);
      expect(await ids({ where: { customerId: 'c-1', status: 'paid' }, limit: 10 })).toEqual(['o-01', 'o-04']);
      expect(await ids({ where: { gift: true }, limit: 10 })).toEqual(['o-02', 'o-05']);
      expect(await ids({ where: { total: 100 }, limit: 10 })).toEqual(['o-03']);
      expect(await ids({ where: { total: '100' }, limit: 10 })).toEqual([]);
      expect(await ids({ where: { status: 10 }, limit: 10 })).toEqual([]);
      expect(await ids({ where: { customerId: 'c-9' }, limit: 10 })).toEqual([]);
    });

    it('returns whole documents', async () => {
      const page = await store.find(target, { where: { customerId: 'c-2' }, limit: 10 });
      expect(page).toEqual({ items: [expect.objectContaining({ id: 'o-03', data: orders[2]![1] })] });
    });

    it('sorts numbers numerically, both ways', async () => {
      expect(await ids({ orderBy: { field: 'total', direction: 'asc' }, limit: 10 })).toEqual(['o-04', 'o-05', 'o-02', 'o-01', 'o-03']);
      expect(await ids({ orderBy: { field: 'total', direction: 'desc' }, limit: 2 })).toEqual(['o-03', 'o-01', 'o-02', 'o-05', 'o-04']);
    });

    it('sorts strings lexically, both ways, within a filter', async () => {
      const query = { where: { customerId: 'c-1' }, limit: 2 } as const;
      expect(await ids({ ...query, orderBy: { field: 'placedAt', direction: 'desc' } })).toEqual(['o-02', 'o-01', 'o-04']);
      expect(await ids({ ...query, orderBy: { field: 'placedAt', direction: 'asc' } })).toEqual(['o-04', 'o-01', 'o-02']);
      expect(await ids({ orderBy: { field: 'status', direction: 'asc' }, limit: 10 })).toEqual(['o-05', 'o-02', 'o-01', 'o-03', 'o-04']);
    });

    describe('pages', () => {
      let paged: string;
      // 23 documents over four sort values, plus two without the field: many ties to break by id.
      const ranked = Array.from({ length: 25 }, (_, i) => ({ id: `d${String(i).padStart(2, '0')}`, rank: i < 2 ? undefined : (i * 7) % 4, half: i % 2 === 0 }));
      const expected = (direction: 'asc' | 'desc', only = ranked) => {
        const sorted = [...only].sort((a, b) => (a.rank ?? -1) - (b.rank ?? -1) || (a.id < b.id ? -1 : 1)).map((d) => d.id);
        return direction === 'asc' ? sorted : sorted.reverse();
      };

      beforeAll(async () => {
        paged = uniqueTarget('paged');
        await store.ensureTarget(paged, { indexes: [['half', 'rank'], ['rank']] });
        const docs = shuffled(ranked).map((r, i) => doc(r.id, i + 1, r.rank === undefined ? { half: r.half } : { rank: r.rank, half: r.half }));
        await store.putMany(paged, docs);
      });

      it.each(['asc', 'desc'] as const)('visit every document exactly once in %s order, ties broken by id, missing values lowest', async (direction) => {
        for (const limit of [1, 4, 5, 24, 25, 500]) {
          const pages = await allPages(store, paged, { orderBy: { field: 'rank', direction }, limit });
          expect(idsOf(pages)).toEqual(expected(direction));
          expect(pages.every((p) => p.items.length <= limit)).toBe(true);
          expect(pages.length).toBe(Math.ceil(25 / limit));
          expect(pages.at(-1)!.next).toBeUndefined();
        }
      });

      it.each(['asc', 'desc'] as const)('page through a filtered set in %s order', async (direction) => {
        const pages = await allPages(store, paged, { where: { half: true }, orderBy: { field: 'rank', direction }, limit: 3 });
        expect(idsOf(pages)).toEqual(expected(direction, ranked.filter((r) => r.half)));
      });

      it('orders by id without a sort field', async () => {
        expect(idsOf(await allPages(store, paged, { limit: 7 }))).toEqual(ranked.map((r) => r.id));
      });

      it('refuses an edited cursor, a made-up one and one from another query', async () => {
        const query: FindQuery = { where: { half: false }, orderBy: { field: 'rank', direction: 'asc' }, limit: 3 };
        const next = (await store.find(paged, query)).next!;
        expect(next).toEqual(expect.any(String));
        const foreign: [string, FindQuery][] = [
          [paged, { ...query, cursor: tamper(next) }],
          [paged, { ...query, cursor: 'eyJpZCI6ImQwMyJ9' }],
          [paged, { ...query, cursor: `${next}.x` }],
          [paged, { ...query, cursor: '' }],
          [paged, { ...query, orderBy: { field: 'rank', direction: 'desc' }, cursor: next }],
          [paged, { ...query, where: { half: true }, cursor: next }],
          [paged, { limit: 3, cursor: next }],
          [target, { ...query, cursor: next }],
        ];
        for (const [t, q] of foreign) await expect(store.find(t, q)).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(store.find(paged, { ...query, limit: 10, cursor: next })).resolves.toMatchObject({ items: expect.any(Array) });
      });
    });

    it.each([0, -1, 501, 2.5, Number.NaN, '10', undefined])('refuses the limit %p', async (limit) => {
      await expect(store.find(target, { limit: limit as never })).rejects.toThrow(InvalidDocumentArgumentError);
      await expect(store.find(target, { limit: limit as never })).rejects.toThrow(/limit.*1 to 500/);
    });

    it('refuses a filter value that is not a scalar and a direction that is not asc or desc', async () => {
      for (const value of [null, { $gt: 1 }, ['c-1'], Number.POSITIVE_INFINITY]) {
        await expect(store.find(target, { where: { customerId: value as never }, limit: 1 })).rejects.toThrow(/where\.customerId/);
      }
      await expect(store.find(target, { orderBy: { field: 'total', direction: 'up' as never }, limit: 1 })).rejects.toBeInstanceOf(InvalidDocumentArgumentError);
    });
  });
}
