import type { ProductEvent } from '../../event-schemas';
import type { ProductState } from './product.decider';
import { assertProductDefined } from './product.rules';

export interface DiscontinueProduct {
  productId: string;
}

/** Idempotent: discontinuing a discontinued product changes nothing. */
export function decideDiscontinueProduct(command: DiscontinueProduct, state: ProductState): ProductEvent[] {
  assertProductDefined(state, command.productId);
  if (state.status === 'Discontinued') return [];
  return [{ type: 'ProductDiscontinued', data: { productId: command.productId } }];
}
