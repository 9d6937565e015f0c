import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { foldOrderChanges, orderSummary, type OrderChange } from '../../projections/read-models/order-summary.projection';
import type { ReadSide } from '../../projections/read-side';
import { foldStreamAsOf } from '../events/time-travel';
import { NotFoundError } from '../read-errors';
import { READ_SIDE } from '../read-side.token';
import { assertMayReadCustomer } from './order-access';
import { GetOrderAsOfQuery } from './order.queries';
import { toOrderView, type OrderRow } from './order-view';

const at = (iso: string | undefined) => (iso === undefined ? null : new Date(iso));

/**
 * The order_summary row the projector would have written from the events folded into `change`;
 * undefined without their OrderPlaced, for which the projection inserts no row.
 */
export function orderRowOf(change: OrderChange | undefined): OrderRow | undefined {
  if (!change?.customer_id || !change.placed_at || !change.status) return undefined;
  return {
    order_id: change.order_id,
    customer_id: change.customer_id,
    status: change.status,
    lines: change.lines as OrderRow['lines'],
    total_minor: String(change.total_minor),
    currency: change.currency as OrderRow['currency'],
    placed_at: new Date(change.placed_at),
    updated_at: new Date(change.updated_at),
    revision: change.last,
    reason: change.reason ?? null,
    carrier: change.carrier ?? null,
    confirmed_at: at(change.confirmed_at),
    shipped_at: at(change.shipped_at),
    delivered_at: at(change.delivered_at),
    closed_at: at(change.closed_at),
  };
}

/**
 * Time travel: folds the order's stream up to `asOf` with the order_summary projection's own fold,
 * so the answer has the live route's shape and, for any moment, the values the live route gave then.
 */
@QueryHandler(GetOrderAsOfQuery)
export class GetOrderAsOfHandler implements IQueryHandler<GetOrderAsOfQuery> {
  constructor(@Inject(READ_SIDE) private readonly side: ReadSide) {}

  async execute({ orderId, asOf, viewer }: GetOrderAsOfQuery) {
    const change = await foldStreamAsOf(this.side.runtime.eventStore, `order-${orderId}`, asOf, orderSummary.batch!.handles, foldOrderChanges);
    const row = orderRowOf(change);
    if (!row) throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} had not been placed at ${asOf.toISOString()}, or does not exist`);
    assertMayReadCustomer(viewer, row.customer_id);
    return toOrderView(row);
  }
}
