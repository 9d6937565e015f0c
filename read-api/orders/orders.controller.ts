import { Controller, Get, Param, Query as QueryString, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../platform/auth/auth.guard';
import type { Principal } from '../../platform/auth/principal';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { asOfParams } from '../events/time-travel';
import { minPositionHeader, ServedBy } from '../http/consistency.interceptor';
import { orderIdParam, pageOf } from '../http/query-params';
import { GetOrderAsOfQuery, GetOrderQuery, GetOrderTimelineQuery, ListOrdersQuery } from './order.queries';
import { listOrdersParams } from './order-params';
import { orderTimelineView, orderView } from './order-view';

const headers = [minPositionHeader];
const unavailable = { 503: 'PROJECTION_NOT_CAUGHT_UP (X-Min-Position not reached in time; Retry-After) or READ_MODEL_NOT_BUILT' };

@Controller('orders')
export class OrdersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('customer', 'operator', 'analyst', 'auditor', 'admin')
  @ServedBy('order_summary')
  @ApiDoc({
    summary: 'List orders, newest first',
    description: 'Filters combine. Pages follow `next` until it is null; every order is visited once even while new ones are placed. A customer token lists only its own orders.',
    query: listOrdersParams,
    headers,
    response: { schema: pageOf(orderView), description: 'A page of orders' },
    errors: { 400: 'A bad parameter (each listed) or a cursor from another listing', 403: 'A customer naming another customer', ...unavailable },
  })
  list(@QueryString() query: unknown, @CurrentPrincipal() viewer: Principal) {
    const { cursor, limit, ...filter } = parseInput(listOrdersParams, query, 'query');
    return this.queries.execute(new ListOrdersQuery(filter, { cursor, limit: limit ?? 20 }, viewer));
  }

  @Get(':id')
  @Roles('customer', 'operator', 'analyst', 'auditor', 'admin')
  @ServedBy('order_summary')
  @ApiDoc({
    summary: 'Read an order, now or as it was at a moment',
    description:
      'The answer carries the order revision in ETag (for If-Match on the write API) and the position the data reflects in X-Projection-Position. ' +
      'With `asOf` the order is folded from its event stream as recorded up to that instant, in the same shape; such an answer has neither header, and X-Min-Position does not affect it.',
    params: orderIdParam,
    query: asOfParams,
    headers,
    response: { schema: orderView, description: 'The order' },
    errors: { 400: 'The id is not a UUID, or asOf is not an instant or lies in the future', 403: 'Another customer’s order', 404: 'ORDER_NOT_FOUND (also: not yet placed at asOf)', ...unavailable },
  })
  async get(@Param() params: unknown, @QueryString() query: unknown, @CurrentPrincipal() viewer: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const { id } = parseInput(orderIdParam, params, 'path');
    const { asOf } = parseInput(asOfParams, query, 'query');
    if (asOf) {
      // A past state from the event store: no read model position describes it, and its revision is no If-Match for today.
      void reply.removeHeader('x-projection-position');
      return this.queries.execute(new GetOrderAsOfQuery(id, asOf, viewer));
    }
    const order = await this.queries.execute(new GetOrderQuery(id, viewer));
    void reply.header('etag', `"${order.revision}"`);
    return order;
  }

  @Get(':id/timeline')
  @Roles('auditor', 'admin')
  @ServedBy('order_timeline')
  @ApiDoc({
    summary: 'Every event that touched an order',
    description: 'From the order, stock, payment and fulfilment streams in global order, each with who did it, when, and its correlation and causation ids.',
    params: orderIdParam,
    headers,
    response: { schema: orderTimelineView, description: 'The order’s timeline' },
    errors: { 400: 'The id is not a UUID', 404: 'ORDER_NOT_FOUND', ...unavailable },
  })
  timeline(@Param() params: unknown) {
    const { id } = parseInput(orderIdParam, params, 'path');
    return this.queries.execute(new GetOrderTimelineQuery(id));
  }
}
