import { Controller, Get, Param, Query as QueryString } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../../platform/auth/auth.guard';
import { ROLES } from '../../platform/auth/principal';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { minPositionHeader, ServedBy } from '../http/consistency.interceptor';
import { productIdParam } from '../http/query-params';
import { GetProductQuery, SearchProductsQuery } from './product.queries';
import { productSearchView, productView, searchProductsParams } from './product-view';

const unavailable = { 503: 'PROJECTION_NOT_CAUGHT_UP (X-Min-Position not reached in time) or READ_MODEL_NOT_BUILT' };

@Controller('products')
@Roles(...ROLES)
export class ProductsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('search')
  @ServedBy('product_search')
  @ApiDoc({
    summary: 'Search orderable products',
    description: 'Full text over name and description (typos and prefixes tolerated), filtered by category and price range, with the number of matches per category. Without q, products come in SKU order.',
    query: searchProductsParams,
    headers: [minPositionHeader],
    response: { schema: productSearchView, description: 'A page of matching products with category facets' },
    errors: { 400: 'A bad parameter (each listed) or a cursor from another search', ...unavailable },
  })
  search(@QueryString() query: unknown) {
    const params = parseInput(searchProductsParams, query, 'query');
    return this.queries.execute(new SearchProductsQuery({ ...params, limit: params.limit ?? 20 }));
  }

  @Get(':id')
  @ServedBy('product_search')
  @ApiDoc({
    summary: 'Read a product',
    description: 'Discontinued products stay readable here, with orderable: false.',
    params: productIdParam,
    headers: [minPositionHeader],
    response: { schema: productView, description: 'The product' },
    errors: { 400: 'The id is not a UUID', 404: 'PRODUCT_NOT_FOUND', ...unavailable },
  })
  get(@Param() params: unknown) {
    const { id } = parseInput(productIdParam, params, 'path');
    return this.queries.execute(new GetProductQuery(id));
  }
}
