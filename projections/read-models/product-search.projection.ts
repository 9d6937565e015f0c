import type { SearchProjection } from '../runtime/projection';

/**
 * product_search: full text over name and description, facets by category, filters by price.
 * Discontinued products stay indexed with orderable = false, and the read API only serves
 * orderable ones, so the index never needs deletes.
 */
export interface ProductDocument {
  productId: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  priceMinor: number;
  currency: string;
  orderable: boolean;
}

const productId = (e: { data: { productId: string } }) => e.data.productId;

export const productSearch: SearchProjection<ProductDocument> = {
  name: 'product_search',
  version: 1,
  kind: 'search',
  description: 'Orderable products by full text over name and description, with category facets and price ranges',
  spec: {
    fields: { sku: 'keyword', name: 'text', description: 'text', category: 'keyword', priceMinor: 'long', currency: 'keyword', orderable: 'boolean' },
    boosts: { name: 3, description: 1 },
  },
  handlers: {
    ProductDefined: {
      ids: productId,
      apply: (doc, e) =>
        doc ?? {
          productId: e.data.productId, sku: e.data.sku, name: e.data.name, description: e.data.description, category: e.data.category,
          priceMinor: e.data.price.amountMinor, currency: e.data.price.currency, orderable: true,
        },
    },
    PriceChanged: { ids: productId, apply: (doc, e) => doc && { ...doc, priceMinor: e.data.price.amountMinor, currency: e.data.price.currency } },
    ProductDiscontinued: { ids: productId, apply: (doc) => doc && { ...doc, orderable: false } },
  },
};
