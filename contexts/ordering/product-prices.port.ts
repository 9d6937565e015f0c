import type { Money } from '../../event-schemas';

/**
 * What ordering needs from the catalogue when an order is placed: the current unit price of an
 * orderable product. Implemented where the contexts are wired together (ordering never imports
 * the catalog context); throws a DomainError for an unknown SKU or a discontinued product.
 */
export interface ProductPrices {
  unitPriceOf(sku: string): Promise<Money>;
}

export const PRODUCT_PRICES = Symbol('PRODUCT_PRICES');
