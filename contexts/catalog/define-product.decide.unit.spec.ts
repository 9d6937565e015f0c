import { deciderSpec } from '../shared/decider-spec';
import { eur, productDefined, productDiscontinued, productId } from './catalog.fixtures';
import { decideDefineProduct, type DefineProduct } from './define-product.decide';
import { productDecider } from './product.decider';

const spec = deciderSpec(productDecider);
const define = (overrides: Partial<DefineProduct> = {}): DefineProduct => ({
  productId,
  sku: 'TSHIRT-RED-M',
  name: 'Organic cotton t-shirt, red, M',
  description: 'Heavyweight organic cotton, regular fit.',
  category: 'apparel/t-shirts',
  price: eur(2499),
  ...overrides,
});

describe('Product', () => {
  describe('when it is defined', () => {
    it('records the product with its SKU and first price', () => {
      spec
        .given([])
        .when((state) => decideDefineProduct(define(), state))
        .then([productDefined]);
    });

    it('trims the texts shown to customers', () => {
      spec
        .given([])
        .when((state) => decideDefineProduct(define({ name: '  Organic cotton t-shirt, red, M ' }), state))
        .then([productDefined]);
    });

    it.each([
      ['zero', eur(0)],
      ['negative', eur(-100)],
      ['fractional', eur(24.99)],
      ['in an unsupported currency', { amountMinor: 2499, currency: 'XXX' }],
    ])('refuses a %s price', (_, price) => {
      spec
        .given([])
        .when((state) => decideDefineProduct(define({ price: price as DefineProduct['price'] }), state))
        .thenThrows('INVALID_PRICE', 'rejected');
    });

    it.each(['tshirt-red-m', '', '-LEADING-DASH', 'WITH SPACE'])('refuses the SKU %j', (sku) => {
      spec
        .given([])
        .when((state) => decideDefineProduct(define({ sku }), state))
        .thenThrows('INVALID_SKU', 'rejected');
    });

    it.each([
      ['name', 'INVALID_PRODUCT_NAME'],
      ['description', 'INVALID_PRODUCT_DESCRIPTION'],
      ['category', 'INVALID_PRODUCT_CATEGORY'],
    ] as const)('refuses a blank %s', (field, code) => {
      spec
        .given([])
        .when((state) => decideDefineProduct(define({ [field]: '   ' }), state))
        .thenThrows(code, 'rejected');
    });

    it('refuses a name longer than 200 characters', () => {
      spec
        .given([])
        .when((state) => decideDefineProduct(define({ name: 'x'.repeat(201) }), state))
        .thenThrows('INVALID_PRODUCT_NAME', 'rejected');
    });
  });

  describe('when it is defined a second time', () => {
    it.each([
      ['active', [productDefined]],
      ['discontinued', [productDefined, productDiscontinued]],
    ])('refuses it while %s', (_, given) => {
      spec
        .given(given)
        .when((state) => decideDefineProduct(define(), state))
        .thenThrows('PRODUCT_ALREADY_DEFINED', 'conflict');
    });
  });
});
