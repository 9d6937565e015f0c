import { ForbiddenError, type Principal } from '../../platform/auth/principal';

/**
 * A customer reads only their own orders; every other role that reaches an order route reads all.
 * Another customer's order answers 403 like the write API's refusal to cancel it, so clients see
 * one rule on both sides.
 */
export function assertMayReadCustomer(viewer: Principal, customerId: string): void {
  if (viewer.role === 'customer' && viewer.subject !== customerId) {
    throw new ForbiddenError('A customer may read only their own orders', { role: viewer.role });
  }
}
