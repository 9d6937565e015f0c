import { positiveMoneySchema, productDefined, type Money } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import type { ProductState } from './product.decider';

type DefinedProduct = Exclude<ProductState, { status: 'NotDefined' }>;

export function assertProductDefined(state: ProductState, productId: string): asserts state is DefinedProduct {
  if (state.status === 'NotDefined') {
    throw new DomainError('PRODUCT_NOT_FOUND', `Product ${productId} is not defined; define it first or check the id.`, 'not_found', { productId });
  }
}

/** Price > 0, whole minor units, a supported currency: the rule of every price in the catalogue. */
export function assertValidPrice(price: Money): void {
  if (!positiveMoneySchema.safeParse(price).success) {
    throw new DomainError(
      'INVALID_PRICE',
      `Price ${JSON.stringify(price)} is not valid: send a positive whole number of minor units in a supported currency, e.g. { "amountMinor": 2499, "currency": "EUR" } for 24.99 EUR.`,
      'rejected',
      { price },
    );
  }
}

export function assertValidSku(sku: string): void {
  if (!productDefined.schema.shape.sku.safeParse(sku).success) {
    throw new DomainError(
      'INVALID_SKU',
      `SKU ${JSON.stringify(sku)} is not valid: use 1-64 upper-case letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. TSHIRT-RED-M.`,
      'rejected',
      { sku },
    );
  }
}

/** Trims, then checks the length limits the event allows; returns the trimmed text. */
export function requireText(field: 'name' | 'description' | 'category', value: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!productDefined.schema.shape[field].safeParse(trimmed).success) {
    const max = { name: 200, description: 5000, category: 200 }[field];
    throw new DomainError(`INVALID_PRODUCT_${field.toUpperCase()}`, `Product ${field} must be between 1 and ${max} characters (not only spaces); send a ${field} shown to customers.`, 'rejected', { field });
  }
  return trimmed;
}
