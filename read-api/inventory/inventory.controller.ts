import { Controller, Get, Param, Query as QueryString, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../platform/auth/auth.guard';
import { ROLES } from '../../platform/auth/principal';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { asOfParams } from '../events/time-travel';
import { minPositionHeader, ServedBy } from '../http/consistency.interceptor';
import { pageParams, skuParam } from '../http/query-params';
import { GetStockLevelAsOfQuery, GetStockLevelQuery, ListLowStockQuery } from './inventory.queries';
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
    summary: 'Stock level of a SKU, now or as it was at a moment',
    description:
      'With `asOf` the level is folded from the SKU’s stock stream as recorded up to that instant, in the same shape; such an answer has no X-Projection-Position, and X-Min-Position does not affect it.',
    params: skuParam,
    query: asOfParams,
    headers: [minPositionHeader],
    response: { schema: stockView, description: 'On hand, reserved and available units' },
    errors: { 400: 'Not a SKU, or asOf is not an instant or lies in the future', 404: 'UNKNOWN_SKU (no stock ever recorded, or none yet at asOf)', ...unavailable },
  })
  get(@Param() params: unknown, @QueryString() query: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { sku } = parseInput(skuParam, params, 'path');
    const { asOf } = parseInput(asOfParams, query, 'query');
    if (!asOf) return this.queries.execute(new GetStockLevelQuery(sku));
    // A past state from the event store: no read model position describes it.
    void reply.removeHeader('x-projection-position');
    return this.queries.execute(new GetStockLevelAsOfQuery(sku, asOf));
  }
}
