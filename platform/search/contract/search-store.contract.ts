import type { SearchStore } from '../search-store.port';
import { describeSearchQueryContract } from './search-queries.contract';
import { doc, position, productSpec, uniqueTarget, type Product, type SearchContractHarness } from './search-fixtures';

/**
 * The behaviour every SearchStore adapter must show. An adapter's spec calls this with a harness;
 * the same assertions run against Postgres always and against Elasticsearch when it is reachable.
 * Every test writes to its own target, and searches only after `refresh`.
 */
export function describeSearchStoreContract(adapter: string, harness: () => SearchContractHarness): void {
  describe(`SearchStore contract: ${adapter}`, () => {
    let h: SearchContractHarness;
    let store: SearchStore<Product>;

    beforeAll(async () => {
      h = harness();
      store = await h.createStore();
    });
    afterAll(async () => {
      await store?.close();
      await h?.dispose();
    });

    describe('targets', () => {
      it('ensureTarget is idempotent and keeps the documents already written', async () => {
        const target = uniqueTarget();
        await store.ensureTarget(target, productSpec);
        await store.putMany(target, [doc('a', 1)]);
        const reordered = { boosts: { description: 1, name: 3 }, fields: Object.fromEntries(Object.entries(productSpec.fields).reverse()) };
        await store.ensureTarget(target, reordered);
        expect(await store.get(target, 'a')).toEqual(doc('a', 1));
      });

      it('refuses to reuse a target with a different spec', async () => {
        const target = uniqueTarget();
        await store.ensureTarget(target, productSpec);
        await expect(store.ensureTarget(target, { fields: { ...productSpec.fields, colour: 'keyword' } })).rejects.toMatchObject({ code: 'INDEX_SPEC_CONFLICT', target });
      });

      it.each([
        ['an unknown kind', { fields: { name: 'string' } }, 'fields.name'],
        ['a boost on a keyword field', { fields: { name: 'text', sku: 'keyword' }, boosts: { sku: 2 } }, 'boosts.sku'],
        ['no fields', { fields: {} }, 'fields'],
      ])('rejects a spec with %s and creates nothing', async (_case, spec, field) => {
        const target = uniqueTarget();
        await expect(store.ensureTarget(target, spec as never)).rejects.toMatchObject({ code: 'INVALID_INDEX_SPEC', field });
        await expect(store.search(target, { limit: 1 })).rejects.toMatchObject({ code: 'SEARCH_TARGET_NOT_FOUND' });
      });

      it.each(['Products', '_products', 'products__x', 'products-x', 'x'.repeat(49), ''])('rejects the target name %j', async (target) => {
        await expect(store.ensureTarget(target, productSpec)).rejects.toMatchObject({ code: 'INVALID_SEARCH_TARGET' });
      });

      it('dropTarget removes the documents and the checkpoint; the target can be built again from empty', async () => {
        const target = uniqueTarget();
        await store.ensureTarget(target, productSpec);
        await store.putMany(target, [doc('a', 9)]);
        await store.saveCheckpoint(target, { position: position(9), sequence: 9 });
        await store.dropTarget(target);
        await expect(store.search(target, { limit: 10 })).rejects.toMatchObject({ code: 'SEARCH_TARGET_NOT_FOUND', target });
        await store.ensureTarget(target, productSpec);
        expect(await store.get(target, 'a')).toBeNull();
        expect(await store.loadCheckpoint(target)).toBeNull();
        // A rebuild starts from the beginning again: lower sequences than before the drop must be accepted.
        expect(await store.putMany(target, [doc('a', 1)])).toBe(1);
        await store.saveCheckpoint(target, { position: position(1), sequence: 1 });
        expect(await store.loadCheckpoint(target)).toEqual({ position: position(1), sequence: 1 });
      });

      it('dropping a missing target is fine', async () => {
        await expect(store.dropTarget(uniqueTarget())).resolves.toBeUndefined();
      });
    });

    describe('documents', () => {
      it('gets what was put; absent ids are missing from getMany and null from get', async () => {
        const target = uniqueTarget();
        await store.ensureTarget(target, productSpec);
        expect(await store.putMany(target, [doc('a', 1, { name: 'Alpha' }), doc('b', 2)])).toBe(2);
        const found = await store.getMany(target, ['a', 'nope', 'b']);
        expect([...found.keys()].sort()).toEqual(['a', 'b']);
        expect(found.get('a')).toEqual(doc('a', 1, { name: 'Alpha' }));
        expect(await store.get(target, 'nope')).toBeNull();
        expect((await store.getMany(target, [])).size).toBe(0);
        expect(await store.putMany(target, [])).toBe(0);
      });

      it('skips a document at the same or a lower sequence, counts only what it wrote, and writes a higher one', async () => {
        const target = uniqueTarget();
        await store.ensureTarget(target, productSpec);
        await store.putMany(target, [doc('a', 5, { name: 'five' })]);
        expect(await store.putMany(target, [doc('a', 5, { name: 'again' })])).toBe(0);
        expect(await store.putMany(target, [doc('a', 3, { name: 'older' })])).toBe(0);
        expect((await store.get(target, 'a'))?.data.name).toBe('five');
        expect(await store.putMany(target, [doc('a', 6, { name: 'six' }), doc('b', 1), doc('c', 1)])).toBe(3);
        expect(await store.putMany(target, [doc('a', 6, { name: 'stale' }), doc('b', 2, { name: 'newer' })])).toBe(1);
        expect(await store.get(target, 'a')).toEqual(doc('a', 6, { name: 'six' }));
        expect((await store.get(target, 'b'))?.data.name).toBe('newer');
      });

      it('keeps the highest sequence when one batch holds the same id twice', async () => {
        const target = uniqueTarget();
        await store.ensureTarget(target, productSpec);
        expect(await store.putMany(target, [doc('a', 7, { name: 'seven' }), doc('a', 4, { name: 'four' })])).toBe(1);
        expect(await store.get(target, 'a')).toEqual(doc('a', 7, { name: 'seven' }));
      });

      it.each([
        ['an empty id', { ...doc('x', 1), id: '' }, 'documents[1].id'],
        ['a bad position', { ...doc('x', 1), position: '12' }, 'documents[1].position'],
        ['a negative sequence', { ...doc('x', 1), sequence: -1 }, 'documents[1].sequence'],
        ['data that is not an object', { ...doc('x', 1), data: [1] }, 'documents[1].data'],
      ])('rejects a batch with %s and writes none of it', async (_case, bad, field) => {
        const target = uniqueTarget();
        await store.ensureTarget(target, productSpec);
        await expect(store.putMany(target, [doc('good', 1), bad as never])).rejects.toMatchObject({ code: 'INVALID_SEARCH_ARGUMENT', field });
        expect(await store.get(target, 'good')).toBeNull();
      });

      it('refuses writes and reads on a target that was never ensured', async () => {
        const target = uniqueTarget();
        await expect(store.putMany(target, [doc('a', 1)])).rejects.toMatchObject({ code: 'SEARCH_TARGET_NOT_FOUND', target });
        await expect(store.getMany(target, ['a'])).rejects.toMatchObject({ code: 'SEARCH_TARGET_NOT_FOUND', target });
      });
    });

    describe('checkpoints', () => {
      it('is null until saved, then loads what was saved', async () => {
        const target = uniqueTarget();
        await store.ensureTarget(target, productSpec);
        expect(await store.loadCheckpoint(target)).toBeNull();
        await store.saveCheckpoint(target, { position: position(10), sequence: 10 });
        expect(await store.loadCheckpoint(target)).toEqual({ position: position(10), sequence: 10 });
      });

      it('only moves forward, and each target keeps its own', async () => {
        const [one, two] = [uniqueTarget(), uniqueTarget()];
        await store.ensureTarget(one, productSpec);
        await store.ensureTarget(two, productSpec);
        await store.saveCheckpoint(one, { position: position(10), sequence: 10 });
        await store.saveCheckpoint(one, { position: position(4), sequence: 4 });
        await store.saveCheckpoint(one, { position: position(10), sequence: 10 });
        await store.saveCheckpoint(two, { position: position(2), sequence: 2 });
        expect(await store.loadCheckpoint(one)).toEqual({ position: position(10), sequence: 10 });
        await store.saveCheckpoint(one, { position: position(11), sequence: 11 });
        expect(await store.loadCheckpoint(one)).toEqual({ position: position(11), sequence: 11 });
        expect(await store.loadCheckpoint(two)).toEqual({ position: position(2), sequence: 2 });
      });

      it('rejects a malformed checkpoint', async () => {
        const target = uniqueTarget();
        await expect(store.saveCheckpoint(target, { position: 'abc' as never, sequence: 1 })).rejects.toMatchObject({ code: 'INVALID_SEARCH_ARGUMENT', field: 'checkpoint.position' });
        await expect(store.saveCheckpoint(target, { position: position(1), sequence: 1.5 })).rejects.toMatchObject({ field: 'checkpoint.sequence' });
        expect(await store.loadCheckpoint(target)).toBeNull();
      });
    });

    describeSearchQueryContract(() => store);
  });
}
