import { randomUUID } from 'node:crypto';
import { Position } from '../../platform/event-store/position';
import { PostgresSearchStore } from '../../platform/search/postgres-search-store';
import { projectionTestbed, type ProjectionTestbed } from '../../test/projections';
import { KeyedApplier } from '../runtime/appliers';
import type { ProjectedEvent, SearchProjection } from '../runtime/projection';
import { rebuild } from '../runtime/rebuild';
import { productSearch, type ProductDocument } from './product-search.projection';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });

describe('product_search (embedded: Postgres full-text search)', () => {
  let bed: ProjectionTestbed;
  const keyboard = randomUUID();
  const mouse = randomUUID();
  const lamp = randomUUID();
  const keyed = productSearch as SearchProjection<unknown>;

  beforeAll(async () => {
    bed = await projectionTestbed({
      search: async (db) => {
        await PostgresSearchStore.migrate(db.pool);
        return new PostgresSearchStore({ pool: db.pool });
      },
    });
    const define = (productId: string, sku: string, name: string, description: string, category: string, price: number) =>
      bed.append(`product-${productId}`, 'ProductDefined', { productId, sku, name, description, category, price: eur(price) });
    await define(keyboard, 'KB-1', 'Mechanical keyboard', 'Tactile switches, aluminium case', 'peripherals', 8900);
    await define(mouse, 'MS-1', 'Wireless mouse', 'Quiet clicks; pairs with any keyboard', 'peripherals', 2900);
    await define(lamp, 'LP-1', 'Desk lamp', 'Warm light for late work', 'lighting', 4500);
    await bed.append(`product-${mouse}`, 'PriceChanged', { productId: mouse, previousPrice: eur(2900), price: eur(2500) });
    await bed.append(`product-${lamp}`, 'ProductDiscontinued', { productId: lamp });
  });
  afterAll(() => bed.close());

  it('indexes products with their current price and orderability, searchable by text, category and price', async () => {
    await bed.projector([keyed]).start();
    await bed.caughtUp('product_search', await bed.settled());
    const target = (await bed.registry.live('product_search'))!.target;
    await bed.search!.refresh(target);
    const orderable = { orderable: true };
    const byText = await bed.search!.search(target, { text: 'keyboard', filters: orderable, facets: ['category'], limit: 10 });
    expect(byText.hits.map((h) => h.id)).toEqual([keyboard, mouse]); // name match outranks description match
    expect(byText.facets.category).toEqual([{ value: 'peripherals', count: 2 }]);
    const cheap = await bed.search!.search(target, { filters: orderable, ranges: { priceMinor: { lte: 3000 } }, limit: 10 });
    expect(cheap.hits.map((h) => [h.id, (h.data as ProductDocument).priceMinor])).toEqual([[mouse, 2500]]);
    const all = await bed.search!.search(target, { limit: 10, facets: ['category'] });
    expect(all.total).toBe(3);
    expect((await bed.search!.get(target, lamp))!.data).toMatchObject({ orderable: false, sku: 'LP-1' });
  });

  it('ignores a redelivered history and equals a fresh rebuild', async () => {
    const live = (await bed.registry.live('product_search'))!;
    await bed.append(`product-${keyboard}`, 'PriceChanged', { productId: keyboard, previousPrice: eur(8900), price: eur(7900) });
    await bed.settled();
    const history = (await bed.store.readAll({ after: Position.START, maxCount: 1000 })) as ProjectedEvent[];
    await new KeyedApplier(bed.search!, bed.registry, keyed, live).apply(history, { position: Position.START, sequence: 0 });
    const fresh = await rebuild(bed.projector([keyed]), bed.store, keyed, { intervalMs: 20 });
    const freshTarget = (await bed.registry.generation('product_search', fresh.generation))!.target;
    const ids = [keyboard, mouse, lamp];
    const read = async (target: string) => Object.fromEntries([...(await bed.search!.getMany(target, ids))].map(([id, d]) => [id, d.data]));
    expect(await read(live.target)).toEqual(await read(freshTarget));
    expect(((await read(freshTarget))[keyboard] as ProductDocument).priceMinor).toBe(7900);
  });
});
