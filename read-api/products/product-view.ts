import { z } from 'zod';
import type { ProductDocument } from '../../projections/read-models/product-search.projection';
import type { CurrencyCode } from '../../event-schemas/money';
import { cursorParam, integerParam, limitParam, moneyView } from '../http/query-params';

export const productView = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.string(),
    price: moneyView,
    orderable: z.boolean().describe('False once discontinued; search lists only orderable products'),
  })
  .meta({ title: 'Product' });

export type ProductView = z.infer<typeof productView>;

export const productSearchView = z
  .object({
    items: z.array(productView.extend({ score: z.number().describe('Relevance; higher is better (0 without q)') })),
    total: z.int().describe('Matching products over all pages'),
    facets: z.object({ category: z.array(z.object({ value: z.string(), count: z.int() })).describe('Matching products per category, most first') }),
    next: z.string().nullable().describe('Cursor of the next page (pass it as ?cursor=); null on the last page'),
  })
  .meta({ title: 'ProductSearch' });

export type ProductSearchView = z.infer<typeof productSearchView>;

const MAX_PRICE = Number.MAX_SAFE_INTEGER;

export const searchProductsParams = z
  .strictObject({
    q: z.string().max(200, { error: 'must be at most 200 characters' }).optional().describe('Words to find in name and description; tolerant of typos and prefixes'),
    category: z.string().min(1, { error: 'must not be empty' }).max(200, { error: 'must be at most 200 characters' }).optional().describe('Only this category (exact)'),
    minPrice: integerParam('Lowest unit price in minor units, inclusive', 0, MAX_PRICE).optional(),
    maxPrice: integerParam('Highest unit price in minor units, inclusive', 0, MAX_PRICE).optional(),
    cursor: cursorParam,
    limit: limitParam,
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, { path: ['maxPrice'], error: 'must not be below minPrice' });

export type SearchProductsParams = z.infer<typeof searchProductsParams>;

export function toProductView(id: string, doc: ProductDocument): ProductView {
  return {
    id, sku: doc.sku, name: doc.name, description: doc.description, category: doc.category,
    price: { amountMinor: doc.priceMinor, currency: doc.currency as CurrencyCode }, orderable: doc.orderable,
  };
}
