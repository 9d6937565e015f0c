import type { Money, ProductEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import type { ProductState } from './product.decider';
import { assertProductDefined, assertValidPrice } from './product.rules';

export interface ChangePrice {
  productId: string;
  price: Money;
}

/**
 * A product keeps the currency it was defined in: orders are priced in one currency, and a product
 * that silently moved currency would break every cart that mixes it with its neighbours.
 */
export function decideChangePrice(command: ChangePrice, state: ProductState): ProductEvent[] {
  assertValidPrice(command.price);
  assertProductDefined(state, command.productId);
  if (command.price.currency !== state.price.currency) {
    throw new DomainError(
      'PRICE_CURRENCY_MISMATCH',
      `Product ${state.sku} is priced in ${state.price.currency}, not ${command.price.currency}; send the new price in ${state.price.currency}.`,
      'rejected',
      { productId: command.productId, currency: state.price.currency, requestedCurrency: command.price.currency },
    );
  }
  if (state.status === 'Discontinued') {
    throw new DomainError('PRODUCT_DISCONTINUED', `Product ${state.sku} is discontinued; its price can no longer change.`, 'conflict', { productId: command.productId });
  }
  if (command.price.amountMinor === state.price.amountMinor) return [];
  return [
    {
      type: 'PriceChanged',
      data: { productId: command.productId, previousPrice: { ...state.price }, price: { ...command.price } },
    },
  ];
}

