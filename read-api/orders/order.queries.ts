import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../platform/auth/principal';
import type { OrderTimeline } from '../../projections/read-models/order-timeline.projection';
import type { CustomerOrderView, OrderView } from './order-view';

export interface Page<T> {
  items: T[];
  next: string | null;
}

export class GetOrderQuery extends Query<OrderView> {
  constructor(
    readonly orderId: string,
    readonly viewer: Principal,
  ) {
    super();
  }
}

/** The order as it stood at `asOf`, folded from its stream rather than read from the read model. */
export class GetOrderAsOfQuery extends Query<OrderView> {
  constructor(
    readonly orderId: string,
    readonly asOf: Date,
    readonly viewer: Principal,
  ) {
    super();
  }
}

export interface OrderFilter {
  customerId?: string;
  status?: OrderView['status'];
  /** Placed at or after (ISO instant). */
  from?: string;
  /** Placed before (ISO instant). */
  to?: string;
}

export class ListOrdersQuery extends Query<Page<OrderView>> {
  constructor(
    readonly filter: OrderFilter,
    readonly page: { cursor?: string; limit: number },
    readonly viewer: Principal,
  ) {
    super();
  }
}

export class GetOrderTimelineQuery extends Query<OrderTimeline> {
  constructor(readonly orderId: string) {
    super();
  }
}

export class ListCustomerOrdersQuery extends Query<Page<CustomerOrderView>> {
  constructor(
    readonly customerId: string,
    readonly page: { cursor?: string; limit: number },
    readonly viewer: Principal,
  ) {
    super();
  }
}
