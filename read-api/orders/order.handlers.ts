import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CustomerOrder } from '../../projections/read-models/customer-orders.projection';
import type { OrderTimeline } from '../../projections/read-models/order-timeline.projection';
import type { ReadSide } from '../../projections/read-side';
import { LiveReadModels } from '../live-read-models';
import { NotFoundError } from '../read-errors';
import { READ_SIDE } from '../read-side.token';
import { assertMayReadCustomer } from './order-access';
import { GetOrderAsOfHandler } from './order-as-of.handler';
import { nextOrderCursor, orderListSql, type OrderListRow } from './order-list.sql';
import { GetOrderQuery, GetOrderTimelineQuery, ListCustomerOrdersQuery, ListOrdersQuery } from './order.queries';
import { toOrderView, type OrderRow } from './order-view';

const orderNotFound = (orderId: string) =>
  new NotFoundError(
    'ORDER_NOT_FOUND',
    `No order ${orderId}. If you have just placed it, send the position the write answered as X-Min-Position to wait until it is readable`,
  );

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery> {
  constructor(private readonly models: LiveReadModels) {}

  async execute({ orderId, viewer }: GetOrderQuery) {
    const [row] = await this.models.rows<OrderRow>('order_summary', 'select * from $view where order_id = $1', [orderId]);
    if (!row) throw orderNotFound(orderId);
    assertMayReadCustomer(viewer, row.customer_id);
    return toOrderView(row);
  }
}

@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery> {
  constructor(private readonly models: LiveReadModels) {}

  async execute({ filter, page, viewer }: ListOrdersQuery) {
    if (filter.customerId) assertMayReadCustomer(viewer, filter.customerId);
    // A customer's listing is always of their own orders, whether or not they named themselves.
    const scoped = viewer.role === 'customer' ? { ...filter, customerId: viewer.subject } : filter;
    const { text, values } = orderListSql(scoped, page.cursor, page.limit);
    const rows = await this.models.rows<OrderListRow>('order_summary', text, values);
    return { items: rows.slice(0, page.limit).map(toOrderView), next: nextOrderCursor(scoped, rows, page.limit) };
  }
}

@QueryHandler(GetOrderTimelineQuery)
export class GetOrderTimelineHandler implements IQueryHandler<GetOrderTimelineQuery> {
  constructor(
    private readonly models: LiveReadModels,
    @Inject(READ_SIDE) private readonly side: ReadSide,
  ) {}

  async execute({ orderId }: GetOrderTimelineQuery) {
    const doc = await this.side.documents.get(await this.models.target('order_timeline'), orderId);
    if (!doc) throw orderNotFound(orderId);
    return doc.data as OrderTimeline;
  }
}

@QueryHandler(ListCustomerOrdersQuery)
export class ListCustomerOrdersHandler implements IQueryHandler<ListCustomerOrdersQuery> {
  constructor(
    private readonly models: LiveReadModels,
    @Inject(READ_SIDE) private readonly side: ReadSide,
  ) {}

  async execute({ customerId, page, viewer }: ListCustomerOrdersQuery) {
    assertMayReadCustomer(viewer, customerId);
    const found = await this.side.documents.find(await this.models.target('customer_orders'), {
      where: { customerId },
      orderBy: { field: 'placedAt', direction: 'desc' },
      cursor: page.cursor,
      limit: page.limit,
    });
    const items = found.items.map(({ data }) => {
      const order = data as CustomerOrder;
      return {
        id: order.orderId, status: order.status as OrderRow['status'], placedAt: order.placedAt, updatedAt: order.updatedAt,
        total: order.total as OrderRow['lines'][number]['unitPrice'], lines: order.lines as OrderRow['lines'], revision: order.revision,
      };
    });
    return { items, next: found.next ?? null };
  }
}

export const orderHandlers = [GetOrderHandler, GetOrderAsOfHandler, ListOrdersHandler, GetOrderTimelineHandler, ListCustomerOrdersHandler];
