import { customerOrders } from './read-models/customer-orders.projection';
import { orderSummary } from './read-models/order-summary.projection';
import { orderTimeline } from './read-models/order-timeline.projection';
import { productSearch } from './read-models/product-search.projection';
import { salesByDay } from './read-models/sales-by-day.projection';
import { stockLevel } from './read-models/stock-level.projection';
import type { Projection } from './runtime/projection';

/** Every read model the platform maintains; the projector runs these, the read API serves them. */
export const projections: Projection[] = [orderSummary, stockLevel, salesByDay, orderTimeline, customerOrders, productSearch];

