import type { Money, ProductEvent } from '../../event-schemas';
import { unreachable, type Decider } from '../shared/decider';

export interface ProductDetails {
  productId: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  /** Current unit price; orders copy it when they are placed. */
  price: Money;
}

/**
 * `orderable` and `price` are what the ordering side reads (through `priceForOrder`): only an
 * active product can be ordered, at its current price.
 */
export type ProductState =
  | { status: 'NotDefined'; orderable: false; price: null }
  | (ProductDetails & { status: 'Active'; orderable: true })
  | (ProductDetails & { status: 'Discontinued'; orderable: false });

export const initialProductState: ProductState = { status: 'NotDefined', orderable: false, price: null };

export function evolveProduct(state: ProductState, event: ProductEvent): ProductState {
  switch (event.type) {
    case 'ProductDefined': {
      const { productId, sku, name, description, category, price } = event.data;
      return { status: 'Active', orderable: true, productId, sku, name, description, category, price };
    }
    case 'PriceChanged':
      // A stream whose first event is not ProductDefined is corrupt; evolve never guesses.
      return state.status === 'NotDefined' ? state : { ...state, price: event.data.price };
    case 'ProductDiscontinued':
      return state.status === 'NotDefined' ? state : { ...state, status: 'Discontinued', orderable: false };
    default:
      return unreachable(event, 'product event');
  }
}

export const productDecider: Decider<ProductState, ProductEvent> = {
  category: 'product',
  snapshotVersion: 1,
  initialState: initialProductState,
  evolve: evolveProduct,
};
