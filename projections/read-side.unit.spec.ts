import { projections } from './catalog';
import { projectionsOfKinds, selectProjections, STORE_KINDS } from './read-side';

describe('choosing the read models a projector runs', () => {
  it('by store: every read model is in exactly one kind, and the kinds together are the catalogue', () => {
    expect(projectionsOfKinds(['postgres']).sort()).toEqual(['order_summary', 'sales_by_day', 'stock_level']);
    expect(projectionsOfKinds(['documents', 'search']).sort()).toEqual(['customer_orders', 'order_timeline', 'product_search']);
    expect(projectionsOfKinds([...STORE_KINDS]).sort()).toEqual(projections.map((p) => p.name).sort());
  });

  it('refuses an unknown store, naming the known ones', () => {
    expect(() => projectionsOfKinds(['postgres', 'mongo'])).toThrow('Unknown read-model store "mongo": one of postgres, documents, search');
  });

  it('by name: all when none are named, an unknown name listing the known ones', () => {
    expect(selectProjections()).toBe(projections);
    expect(selectProjections(['stock_level']).map((p) => p.name)).toEqual(['stock_level']);
    expect(() => selectProjections(['stock_levels'])).toThrow(/Unknown projection "stock_levels": one of order_summary/);
  });
});
