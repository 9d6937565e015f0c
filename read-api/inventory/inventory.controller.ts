import { Controller, Get, Param, Query as QueryString } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../../platform/auth/auth.guard';
import { ROLES } from '../../platform/auth/principal';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { minPositionHeader, ServedBy } from '../http/consistency.interceptor';
import { pageParams, skuParam } from '../http/query-params';
import { GetStockLevelQuery, ListLowStockQuery } from './inventory.queries';
import { lowStockPage, stockView } from './stock-view';

const unavailable = { 503: 'PROJECTION_NOT_CAUGHT_UP (X-Min-Position not reached in time) or READ_MODEL_NOT_BUILT' };

@Controller('inventory')
export class InventoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('low-stock')
  @Roles('operator', 'admin')
  @ServedBy('stock_level')
  @ApiDoc({
    summary: 'SKUs at or below their low-stock threshold',
    description: 'The furthest below their threshold first. Pages follow `next` until it is null.',
    query: pageParams,
    headers: [minPositionHeader],
    response: { schema: lowStockPage, description: 'A page of low stock levels' },
    errors: { 400: 'A bad parameter (each listed)', ...unavailable },
  })
  lowStock(@QueryString() query: unknown) {
    const { cursor, limit } = parseInput(pageParams, query, 'query');
    return this.queries.execute(new ListLowStockQuery({ cursor, limit: limit ?? 20 }));
  }

  @Get(':sku')
  @Roles(...ROLES)
  @ServedBy('stock_level')
  @ApiDoc({
    summary: 'Stock level of a SKU',
    params: skuParam,
    headers: [minPositionHeader],
    response: { schema: stockView, description: 'On hand, reserved and available units' },
    errors: { 400: 'Not a SKU', 404: 'UNKNOWN_SKU (no stock ever recorded)', ...unavailable },
  })
  get(@Param() params: unknown) {
    const { sku } = parseInput(skuParam, params, 'path');
    return this.queries.execute(new GetStockLevelQuery(sku));
  }
}
