import { Query } from '@nestjs/cqrs';
import type { ProductSearchView, ProductView, SearchProductsParams } from './product-view';

export class GetProductQuery extends Query<ProductView> {
  constructor(readonly productId: string) {
    super();
  }
}

export class SearchProductsQuery extends Query<ProductSearchView> {
  constructor(readonly params: Omit<SearchProductsParams, 'limit'> & { limit: number }) {
    super();
  }
}
