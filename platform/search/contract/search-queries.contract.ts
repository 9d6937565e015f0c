import { InvalidCursorError } from '../../read-models/invalid-cursor.error';
import { SearchQueryError } from '../search-errors';
import type { SearchQuery, SearchStore } from '../search-store.port';
import { allPages, doc, productSpec, seededTarget, uniqueTarget, type Product } from './search-fixtures';

const ids = (page: { hits: { id: string }[] }) => page.hits.map((h) => h.id);
const sorted = (page: { hits: { id: string }[] }) => ids(page).sort();

/** Searching: text matching, filters, facets, paging and refusals, over the shared catalogue. */
export function describeSearchQueryContract(storeOf: () => SearchStore<Product>): void {
  let store: SearchStore<Product>;
  let target: string;
  const search = (query: SearchQuery) => store.search(target, query);

  beforeAll(async () => {
    store = storeOf();
    target = await seededTarget(store);
  });

  describe('full-text search', () => {
    it('finds a whole word in any text field', async () => {
      expect(sorted(await search({ text: 'keyboard', limit: 20 }))).toEqual(['p01', 'p02', 'p05', 'p12']);
    });

    it('finds a prefix of a word', async () => {
      expect(sorted(await search({ text: 'keyb', limit: 20 }))).toEqual(['p01', 'p02', 'p05', 'p12']);
    });

    it('finds a near miss', async () => {
      const found = ids(await search({ text: 'keybaord', limit: 20 }));
      expect(found).toEqual(expect.arrayContaining(['p01', 'p02', 'p05']));
      expect(found).not.toContain('p03');
    });

    it('needs every word to match, in any of the text fields', async () => {
      expect(ids(await search({ text: 'Wireless KEYBOARD', limit: 20 }))).toEqual(['p01']);
      expect(ids(await search({ text: 'mouse silent', limit: 20 }))).toEqual(['p03']);
      expect(ids(await search({ text: 'keyboard zebra', limit: 20 }))).toEqual([]);
    });

    it('ranks a match in a boosted field above one in a weaker field', async () => {
      const ranked = uniqueTarget('ranked');
      await store.ensureTarget(ranked, productSpec);
      await store.putMany(ranked, [
        doc('r1', 1, { name: 'Lamp', description: 'A bright desk light for reading' }),
        doc('r2', 2, { name: 'Reading light', description: 'Clip-on lamp' }),
      ]);
      await store.refresh(ranked);
      const reading = await store.search(ranked, { text: 'reading', limit: 10 });
      expect(ids(reading)).toEqual(['r2', 'r1']);
      expect(reading.hits[0]!.score).toBeGreaterThan(reading.hits[1]!.score);
      expect(ids(await store.search(ranked, { text: 'lamp', limit: 10 }))).toEqual(['r1', 'r2']);
    });

    it('matches everything, by id, when the text is absent or blank', async () => {
      for (const text of [undefined, '', '   ', '?!']) {
        const page = await search({ ...(text === undefined ? {} : { text }), limit: 100 });
        expect(page.total).toBe(12);
        expect(ids(page)).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08', 'p09', 'p10', 'p11', 'p12']);
      }
    });

    it('returns each hit with its position, sequence and data', async () => {
      const [hit] = (await search({ text: 'webcam', limit: 5 })).hits;
      expect(hit).toMatchObject({ id: 'p10', sequence: 10, data: { name: 'Webcam', category: 'video' } });
      expect(hit!.position).toMatch(/^[0-9a-f]{32}$/);
      expect(typeof hit!.score).toBe('number');
    });
  });

  describe('filters, ranges and facets', () => {
    it('filters on keyword and boolean fields', async () => {
      expect(sorted(await search({ filters: { category: 'mice' }, limit: 20 }))).toEqual(['p03', 'p07']);
      expect(sorted(await search({ filters: { orderable: false }, limit: 20 }))).toEqual(['p08']);
      expect(sorted(await search({ filters: { category: 'accessories', orderable: true }, limit: 20 }))).toEqual(['p05', 'p06']);
      expect(sorted(await search({ text: 'mouse', filters: { category: 'mice' }, limit: 20 }))).toEqual(['p03', 'p07']);
    });

    it('includes both ends of a range', async () => {
      const page = await search({ ranges: { priceMinor: { gte: 1000, lte: 5000 } }, limit: 20 });
      expect(sorted(page)).toEqual(['p01', 'p02', 'p03', 'p05', 'p06', 'p07', 'p08', 'p12']);
      expect(sorted(await search({ ranges: { priceMinor: { gte: 6500 } }, limit: 20 }))).toEqual(['p09', 'p11']);
      expect(sorted(await search({ ranges: { priceMinor: { lte: 999 } }, limit: 20 }))).toEqual(['p04']);
    });

    it('counts facet values over the whole match, not the page', async () => {
      const query: SearchQuery = { ranges: { priceMinor: { gte: 1000, lte: 5000 } }, facets: ['category', 'currency'], limit: 1 };
      const first = await search(query);
      expect(first.hits).toHaveLength(1);
      expect(first.total).toBe(8);
      expect(first.facets).toEqual({
        category: [{ value: 'accessories', count: 3 }, { value: 'keyboards', count: 3 }, { value: 'mice', count: 2 }],
        currency: [{ value: 'EUR', count: 8 }],
      });
      const second = await search({ ...query, cursor: first.next! });
      expect(second.facets).toEqual(first.facets);
      expect(second.total).toBe(8);
      expect((await search({ text: 'keyboard', facets: ['category'], limit: 1 })).facets).toEqual({
        category: [{ value: 'keyboards', count: 3 }, { value: 'accessories', count: 1 }],
      });
    });
  });

  describe('paging', () => {
    it('visits every hit exactly once in relevance order, best first', async () => {
      const all = await search({ text: 'keyboard', limit: 100 });
      const paged = await allPages(store, target, { text: 'keyboard', limit: 1 });
      expect(paged.ids).toEqual(ids(all));
      expect(paged.pages).toBe(4);
      const scores = all.hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((s) => s > 0)).toBe(true);
    });

    it('pages by a long field both ways, ties by id, documents without the field last', async () => {
      const asc = await allPages(store, target, { sort: { field: 'priceMinor', direction: 'asc' }, limit: 5 });
      expect(asc.ids).toEqual(['p04', 'p07', 'p05', 'p12', 'p03', 'p08', 'p02', 'p01', 'p06', 'p11', 'p09', 'p10']);
      const desc = await allPages(store, target, { sort: { field: 'priceMinor', direction: 'desc' }, limit: 5 });
      expect(desc.ids).toEqual(['p09', 'p11', 'p06', 'p01', 'p02', 'p08', 'p03', 'p12', 'p05', 'p07', 'p04', 'p10']);
    });

    it('pages by a keyword field, with text and filters', async () => {
      const paged = await allPages(store, target, { sort: { field: 'category', direction: 'asc' }, limit: 4 });
      expect(paged.ids).toEqual(['p05', 'p06', 'p08', 'p09', 'p04', 'p01', 'p02', 'p12', 'p03', 'p07', 'p10', 'p11']);
      const mice = await allPages(store, target, { text: 'mouse', sort: { field: 'category', direction: 'desc' }, limit: 1 });
      expect(mice.ids).toEqual(['p07', 'p03', 'p05']);
    });

    it('ends without a next cursor', async () => {
      const page = await search({ filters: { category: 'mice' }, limit: 2 });
      expect(page.hits).toHaveLength(2);
      expect(page.next).toBeUndefined();
    });
  });

  describe('refusals', () => {
    it.each<[string, Partial<SearchQuery> & Record<string, unknown>, string, RegExp]>([
      ['an unknown filter field', { filters: { colour: 'red' } }, 'filters.colour', /unknown field/],
      ['a filter on a long field', { filters: { priceMinor: '5' } }, 'filters.priceMinor', /long field/],
      ['a filter value of the wrong type', { filters: { category: 5 as never } }, 'filters.category', /must be a string/],
      ['a range on a keyword field', { ranges: { category: { gte: 1 } } }, 'ranges.category', /keyword field/],
      ['a range without bounds', { ranges: { priceMinor: {} } }, 'ranges.priceMinor', /gte, lte/],
      ['a facet on a text field', { facets: ['name'] }, 'facets[0]', /text field/],
      ['a sort on a text field', { sort: { field: 'description', direction: 'asc' } }, 'sort.field', /text field/],
      ['an unknown sort direction', { sort: { field: 'sku', direction: 'up' as never } }, 'sort.direction', /asc/],
      ['an unknown option', { q: 'mouse' }, 'q', /not a query option/],
    ])('rejects %s, naming the field', async (_case, query, field, message) => {
      const error = await search({ limit: 10, ...query } as SearchQuery).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SearchQueryError);
      expect(error).toMatchObject({ code: 'INVALID_SEARCH_QUERY', field, message: expect.stringMatching(message) });
    });

    it.each([0, 101, 2.5, undefined])('rejects the limit %p', async (limit) => {
      await expect(search({ limit } as SearchQuery)).rejects.toMatchObject({ code: 'INVALID_SEARCH_QUERY', field: 'limit' });
    });

    it('rejects a cursor that was edited, made up, or taken from another query', async () => {
      const query: SearchQuery = { sort: { field: 'priceMinor', direction: 'asc' }, limit: 2 };
      const { next } = await search(query);
      const edited = next!.slice(0, -3) + (next!.endsWith('A') ? 'BBB' : 'AAA');
      for (const cursor of [edited, 'not-a-cursor', Buffer.from('[1,"p01"]').toString('base64url')]) {
        await expect(search({ ...query, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      }
      await expect(search({ ...query, filters: { category: 'mice' }, cursor: next! })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    it('rejects a target that does not exist', async () => {
      await expect(store.search(uniqueTarget(), { limit: 1 })).rejects.toMatchObject({ code: 'SEARCH_TARGET_NOT_FOUND' });
    });
  });
}
