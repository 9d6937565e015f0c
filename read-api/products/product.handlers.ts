import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ProductDocument } from '../../projections/read-models/product-search.projection';
import type { ReadSide } from '../../projections/read-side';
import type { SearchQuery } from '../../platform/search/search-store.port';
import { LiveReadModels } from '../live-read-models';
import { NotFoundError } from '../read-errors';
import { READ_SIDE } from '../read-side.token';
import { GetProductQuery, SearchProductsQuery } from './product.queries';
import { toProductView } from './product-view';

@QueryHandler(GetProductQuery)
export class GetProductHandler implements IQueryHandler<GetProductQuery> {
  constructor(
    private readonly models: LiveReadModels,
    @Inject(READ_SIDE) private readonly side: ReadSide,
  ) {}

  // Discontinued products stay readable by id (orderable: false): old orders and links point at them.
  async execute({ productId }: GetProductQuery) {
    const doc = await this.side.search.get(await this.models.target('product_search'), productId);
    if (!doc) throw new NotFoundError('PRODUCT_NOT_FOUND', `No product ${productId}. If you have just defined it, send the position the write answered as X-Min-Position`);
    return toProductView(doc.id, doc.data as ProductDocument);
  }
}

@QueryHandler(SearchProductsQuery)
export class SearchProductsHandler implements IQueryHandler<SearchProductsQuery> {
  constructor(
    private readonly models: LiveReadModels,
    @Inject(READ_SIDE) private readonly side: ReadSide,
  ) {}

  async execute({ params }: SearchProductsQuery) {
    const { q, category, minPrice, maxPrice, cursor, limit } = params;
    const text = q?.trim() ? q : undefined;
    const query: SearchQuery = {
      filters: { orderable: true, ...(category !== undefined ? { category } : {}) },
      facets: ['category'],
      limit,
      // Without words there is no relevance to rank by; SKU order keeps browsing stable and readable.
      ...(text ? { text } : { sort: { field: 'sku', direction: 'asc' } }),
      ...(minPrice !== undefined || maxPrice !== undefined ? { ranges: { priceMinor: { ...(minPrice !== undefined ? { gte: minPrice } : {}), ...(maxPrice !== undefined ? { lte: maxPrice } : {}) } } } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
    };
    const page = await this.side.search.search(await this.models.target('product_search'), query);
    return {
      items: page.hits.map((hit) => ({ ...toProductView(hit.id, hit.data as ProductDocument), score: hit.score })),
      total: page.total,
      facets: { category: page.facets.category ?? [] },
      next: page.next ?? null,
    };
  }
}

export const productHandlers = [GetProductHandler, SearchProductsHandler];
