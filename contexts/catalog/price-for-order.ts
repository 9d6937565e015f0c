import type { Money } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import type { ProductState } from './product.decider';

/**
 * What the ordering side asks before it copies a price into an order line: the current price of
 * an active product. Discontinued products cannot be ordered; the caller passes the SKU it looked
 * the product up by, for the message when there is none.
 */
export function priceForOrder(state: ProductState, sku: string): Money {
  if (state.status === 'NotDefined') {
    throw new DomainError('PRODUCT_NOT_FOUND', `No product has SKU ${sku}; check the SKU against the catalogue.`, 'not_found', { sku });
  }
  if (state.status === 'Discontinued') {
    throw new DomainError('PRODUCT_DISCONTINUED', `Product ${state.sku} is discontinued and can no longer be ordered; remove it from the order.`, 'conflict', {
      sku: state.sku,
      productId: state.productId,
    });
  }
  return state.price;
}
