import type { Money, ProductEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import type { ProductState } from './product.decider';
import { assertValidPrice, assertValidSku, requireText } from './product.rules';

/** SKU uniqueness across products is the handler's job (it needs an index over all products). */
export interface DefineProduct {
  productId: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: Money;
}

export function decideDefineProduct(command: DefineProduct, state: ProductState): ProductEvent[] {
  assertValidSku(command.sku);
  assertValidPrice(command.price);
  const name = requireText('name', command.name);
  const description = requireText('description', command.description);
  const category = requireText('category', command.category);
  if (state.status !== 'NotDefined') {
    throw new DomainError(
      'PRODUCT_ALREADY_DEFINED',
      `Product ${command.productId} is already defined (SKU ${state.sku}); change its price with ChangePrice, or define a new product with a new id.`,
      'conflict',
      { productId: command.productId, sku: state.sku },
    );
  }
  return [
    {
      type: 'ProductDefined',
      data: { productId: command.productId, sku: command.sku, name, description, category, price: { ...command.price } },
    },
  ];
}
