import { Controller, Get, Param, Query as QueryString } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles } from '../../platform/auth/auth.guard';
import type { Principal } from '../../platform/auth/principal';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { minPositionHeader, ServedBy } from '../http/consistency.interceptor';
import { customerIdParam, pageOf, pageParams } from '../http/query-params';
import { ListCustomerOrdersQuery } from './order.queries';
import { customerOrderView } from './order-view';

@Controller('customers')
export class CustomerOrdersController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/orders')
  @Roles('customer', 'operator', 'admin')
  @ServedBy('customer_orders')
  @ApiDoc({
    summary: 'A customer’s order history, newest first',
    description: 'Pages follow `next` until it is null. A customer token reads only its own history.',
    params: customerIdParam,
    query: pageParams,
    headers: [minPositionHeader],
    response: { schema: pageOf(customerOrderView), description: 'A page of the customer’s orders' },
    errors: { 400: 'A bad id or parameter (each listed)', 403: 'Another customer’s history', 503: 'PROJECTION_NOT_CAUGHT_UP or READ_MODEL_NOT_BUILT' },
  })
  list(@Param() params: unknown, @QueryString() query: unknown, @CurrentPrincipal() viewer: Principal) {
    const { id } = parseInput(customerIdParam, params, 'path');
    const { cursor, limit } = parseInput(pageParams, query, 'query');
    return this.queries.execute(new ListCustomerOrdersQuery(id, { cursor, limit: limit ?? 20 }, viewer));
  }
}
