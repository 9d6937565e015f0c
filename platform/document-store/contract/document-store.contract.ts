import type { DocumentStore } from '../document-store.port';
import { InvalidDocumentArgumentError, InvalidDocumentError, InvalidFieldNameError, InvalidTargetNameError } from '../document-store.errors';
import { at, doc, uniqueTarget, type DocumentStoreHarness } from './contract-fixtures';
import { describeFindContract } from './find.contract';

const spec = { indexes: [['customerId', 'placedAt'], ['status']] };

/**
 * The behaviour every DocumentStore adapter must show. An adapter's spec calls this with a
 * harness; the same assertions run against Postgres always and against MongoDB when it is reachable.
 */
export function describeDocumentStoreContract(adapter: string, harness: () => DocumentStoreHarness): void {
  describe(`DocumentStore contract: ${adapter}`, () => {
    let h: DocumentStoreHarness;
    let store: DocumentStore;

    beforeAll(async () => {
      h = harness();
      store = await h.createStore();
    });
    afterAll(async () => {
      await store?.close();
      await h?.dispose();
    });

    const ready = async (): Promise<string> => {
      const target = uniqueTarget();
      await store.ensureTarget(target, spec);
      return target;
    };

    describe('ensureTarget', () => {
      it('creates the target once and keeps its documents when called again', async () => {
        const target = await ready();
        await store.putMany(target, [doc('a', 1, { status: 'new' })]);
        await store.ensureTarget(target, spec);
        await store.ensureTarget(target, { indexes: [...spec.indexes, ['total']] });
        expect((await h.listTargets()).filter((t) => t === target)).toEqual([target]);
        expect(await store.count(target)).toBe(1);
      });

      it('accepts target and field names that are keywords elsewhere', async () => {
        await store.ensureTarget('select', { indexes: [['order', 'from']] });
        expect(await store.putMany('select', [doc('a', 1, { order: 2, from: 'x' }), doc('b', 1, { order: 1, from: 'x' })])).toBe(2);
        const page = await store.find('select', { where: { from: 'x' }, orderBy: { field: 'order', direction: 'asc' }, limit: 1 });
        expect(page.items.map((d) => d.id)).toEqual(['b']);
        await store.dropTarget('select');
      });

      it('refuses an index that names no field or one field twice, and creates nothing', async () => {
        const target = uniqueTarget();
        await expect(store.ensureTarget(target, { indexes: [[]] })).rejects.toBeInstanceOf(InvalidDocumentArgumentError);
        await expect(store.ensureTarget(target, { indexes: [['status', 'status']] })).rejects.toBeInstanceOf(InvalidDocumentArgumentError);
        expect(await h.listTargets()).not.toContain(target);
      });
    });

    describe('count', () => {
      it('counts the documents written, not the copies skipped', async () => {
        const target = await ready();
        expect(await store.count(target)).toBe(0);
        await store.putMany(target, [doc('a', 2, {}), doc('b', 2, {}), doc('c', 2, {})]);
        await store.putMany(target, [doc('a', 1, {}), doc('b', 3, {})]);
        expect(await store.count(target)).toBe(3);
      });
    });

    describe('putMany, get and getMany', () => {
      it('stores documents and returns them whole, with missing ids simply absent', async () => {
        const target = await ready();
        const data = { customerId: 'c-1', lines: [{ sku: 'TEA', quantity: 2 }], total: 9.5, gift: false, note: null };
        expect(await store.putMany(target, [doc('o-1', 3, data), doc('o-2', 4, { status: 'new' }), doc('o-3', 5, {})])).toBe(3);
        expect(await store.get(target, 'o-1')).toEqual({ id: 'o-1', position: at(3), sequence: 3, data });
        expect(await store.get(target, 'o-9')).toBeNull();
        const many = await store.getMany(target, ['o-3', 'o-9', 'o-1', 'o-1']);
        expect([...many.keys()].sort()).toEqual(['o-1', 'o-3']);
        expect(many.get('o-3')).toEqual({ id: 'o-3', position: at(5), sequence: 5, data: {} });
        expect((await store.getMany(target, [])).size).toBe(0);
        expect(await store.putMany(target, [])).toBe(0);
      });

      it('skips a copy at the same or an older position, counts only what it wrote, and writes a newer one', async () => {
        const target = await ready();
        await store.putMany(target, [doc('a', 10, { v: 'ten' }), doc('b', 10, { v: 'ten' })]);
        expect(await store.putMany(target, [doc('a', 10, { v: 'again' }), doc('b', 9, { v: 'older' })])).toBe(0);
        expect((await store.get(target, 'a'))?.data).toEqual({ v: 'ten' });
        expect(await store.get(target, 'b')).toEqual({ id: 'b', position: at(10), sequence: 10, data: { v: 'ten' } });
        expect(await store.putMany(target, [doc('a', 8, { v: 'old' }), doc('b', 11, { v: 'eleven' }), doc('c', 1, { v: 'one' })])).toBe(2);
        expect((await store.get(target, 'a'))?.data).toEqual({ v: 'ten' });
        expect(await store.get(target, 'b')).toEqual({ id: 'b', position: at(11), sequence: 11, data: { v: 'eleven' } });
        expect(await store.count(target)).toBe(3);
      });

      it('keeps the newest copy when a batch names one id twice', async () => {
        const target = await ready();
        expect(await store.putMany(target, [doc('a', 5, { v: 'five' }), doc('a', 3, { v: 'three' })])).toBe(1);
        expect(await store.get(target, 'a')).toEqual({ id: 'a', position: at(5), sequence: 5, data: { v: 'five' } });
      });

      it('refuses a batch holding an invalid document and writes none of it', async () => {
        const target = await ready();
        const bad = [
          { ...doc('x', 1, {}), position: 'not-a-position' },
          { ...doc('x', 1, {}), sequence: -1 },
          { ...doc('', 1, {}) },
          { ...doc('x', 1, {}), data: ['not', 'an', 'object'] },
        ];
        for (const invalid of bad) {
          await expect(store.putMany(target, [doc('good', 1, {}), invalid as never])).rejects.toBeInstanceOf(InvalidDocumentError);
        }
        expect(await store.count(target)).toBe(0);
      });

      it('finds nothing in a target that was never created', async () => {
        const target = uniqueTarget('never');
        expect(await store.get(target, 'a')).toBeNull();
        expect((await store.getMany(target, ['a'])).size).toBe(0);
        expect(await store.find(target, { limit: 10 })).toEqual({ items: [] });
        expect(await store.count(target)).toBe(0);
      });
    });

    describe('checkpoints', () => {
      it('is null at first, then moves forward only', async () => {
        const target = await ready();
        expect(await store.loadCheckpoint(target)).toBeNull();
        await store.saveCheckpoint(target, { position: at(20), sequence: 20 });
        expect(await store.loadCheckpoint(target)).toEqual({ position: at(20), sequence: 20 });
        await store.saveCheckpoint(target, { position: at(12), sequence: 12 });
        expect(await store.loadCheckpoint(target)).toEqual({ position: at(20), sequence: 20 });
        await store.saveCheckpoint(target, { position: at(31), sequence: 31 });
        expect(await store.loadCheckpoint(target)).toEqual({ position: at(31), sequence: 31 });
      });

      it('keeps each target to its own checkpoint and refuses an invalid one', async () => {
        const [one, two] = [await ready(), await ready()];
        await store.saveCheckpoint(one, { position: at(4), sequence: 4 });
        expect(await store.loadCheckpoint(two)).toBeNull();
        await expect(store.saveCheckpoint(one, { position: 'nope' as never, sequence: 5 })).rejects.toBeInstanceOf(InvalidDocumentArgumentError);
        expect(await store.loadCheckpoint(one)).toEqual({ position: at(4), sequence: 4 });
      });
    });

    describe('dropTarget', () => {
      it('removes the documents and the checkpoint, and a re-created target starts empty', async () => {
        const target = await ready();
        await store.putMany(target, [doc('a', 1, {}), doc('b', 2, {})]);
        await store.saveCheckpoint(target, { position: at(2), sequence: 2 });
        await store.dropTarget(target);
        expect(await h.listTargets()).not.toContain(target);
        expect(await store.loadCheckpoint(target)).toBeNull();
        await store.ensureTarget(target, spec);
        expect(await store.count(target)).toBe(0);
        expect(await store.get(target, 'a')).toBeNull();
        expect(await store.putMany(target, [doc('a', 1, {})])).toBe(1);
      });

      it('accepts a target that does not exist', async () => {
        await expect(store.dropTarget(uniqueTarget('absent'))).resolves.toBeUndefined();
      });
    });

    describe('names', () => {
      const badTargets = ['Orders', '1orders', 'orders-v2', 'orders"; drop table x; --', 'a.b', '', 'x'.repeat(64), '_private'];

      it.each(badTargets)('refuses the target name %j before touching the store', async (bad) => {
        const before = await h.listTargets();
        await expect(store.ensureTarget(bad, spec)).rejects.toBeInstanceOf(InvalidTargetNameError);
        for (const call of [
          () => store.putMany(bad, [doc('a', 1, {})]),
          () => store.get(bad, 'a'),
          () => store.getMany(bad, ['a']),
          () => store.find(bad, { limit: 1 }),
          () => store.count(bad),
          () => store.dropTarget(bad),
          () => store.loadCheckpoint(bad),
          () => store.saveCheckpoint(bad, { position: at(1), sequence: 1 }),
        ]) {
          await expect(call()).rejects.toBeInstanceOf(InvalidTargetNameError);
        }
        expect((await h.listTargets()).sort()).toEqual(before.sort());
      });

      it.each(["status'", 'data.status', '$where', 'a b', '9lives', 'x'.repeat(64)])('refuses the field name %j in an index, a filter or a sort', async (bad) => {
        const target = uniqueTarget();
        await expect(store.ensureTarget(target, { indexes: [['customerId', bad]] })).rejects.toBeInstanceOf(InvalidFieldNameError);
        expect(await h.listTargets()).not.toContain(target);
        await expect(store.find(target, { where: { [bad]: 'x' }, limit: 1 })).rejects.toBeInstanceOf(InvalidFieldNameError);
        await expect(store.find(target, { orderBy: { field: bad, direction: 'asc' }, limit: 1 })).rejects.toBeInstanceOf(InvalidFieldNameError);
      });

      it('names the problem in the error', async () => {
        await expect(store.ensureTarget('Orders', spec)).rejects.toThrow(/"Orders".*lowercase letters, digits and underscores/);
        await expect(store.find('orders', { where: { 'a b': 1 }, limit: 1 })).rejects.toThrow(/"a b" in where/);
      });
    });

    describeFindContract(() => store);
  });
}
