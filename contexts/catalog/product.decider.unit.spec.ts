import { fold } from '../shared/decider';
import { eur, priceChanged, productDefined, productDiscontinued, productId } from './catalog.fixtures';
import { productDecider } from './product.decider';

describe('Product', () => {
  describe('before it is defined', () => {
    it('cannot be ordered and has no price', () => {
      expect(productDecider.initialState).toEqual({ status: 'NotDefined', orderable: false, price: null });
    });
  });

  describe('when it is defined', () => {
    it('is orderable at its first price', () => {
      expect(fold(productDecider, [productDefined])).toMatchObject({ status: 'Active', orderable: true, price: eur(2499), productId, sku: 'TSHIRT-RED-M' });
    });
  });

  describe('when its price changes', () => {
    it('is orderable at the new price', () => {
      expect(fold(productDecider, [productDefined, priceChanged(2499, 1999)])).toMatchObject({ orderable: true, price: eur(1999) });
    });
  });

  describe('when it is discontinued', () => {
    it('is no longer orderable and keeps its last price', () => {
      expect(fold(productDecider, [productDefined, priceChanged(2499, 1999), productDiscontinued])).toMatchObject({
        status: 'Discontinued',
        orderable: false,
        price: eur(1999),
      });
    });
  });

  it('is stored in product-<productId> streams', () => {
    expect(productDecider).toMatchObject({ category: 'product', snapshotVersion: 1 });
  });
});
