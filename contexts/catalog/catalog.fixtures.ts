/* Test-only sample data for the catalog specs. */
import type { Money, ProductEvent } from '../../event-schemas';

export const productId = '0f8c2d4e-6b1a-4c3f-9e2d-7a5b8c9d0e1f';
export const eur = (amountMinor: number): Money => ({ amountMinor, currency: 'EUR' });

export const productDefined: ProductEvent = {
  type: 'ProductDefined',
  data: {
    productId,
    sku: 'TSHIRT-RED-M',
    name: 'Organic cotton t-shirt, red, M',
    description: 'Heavyweight organic cotton, regular fit.',
    category: 'apparel/t-shirts',
    price: eur(2499),
  },
};
export const priceChanged = (from: number, to: number): ProductEvent => ({ type: 'PriceChanged', data: { productId, previousPrice: eur(from), price: eur(to) } });
export const productDiscontinued: ProductEvent = { type: 'ProductDiscontinued', data: { productId } };
