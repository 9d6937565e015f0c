import { fold } from '../shared/decider';
import { expectDomainError } from '../shared/decider-spec';
import { eur, priceChanged, productDefined, productDiscontinued } from './catalog.fixtures';
import { priceForOrder } from './price-for-order';
import { productDecider } from './product.decider';

describe('Product', () => {
  describe('when an order asks for its price', () => {
    it('gives the current price of an active product', () => {
      expect(priceForOrder(fold(productDecider, [productDefined, priceChanged(2499, 1999)]), 'TSHIRT-RED-M')).toEqual(eur(1999));
    });

    it('refuses a discontinued product', () => {
      expectDomainError(() => priceForOrder(fold(productDecider, [productDefined, productDiscontinued]), 'TSHIRT-RED-M'), 'PRODUCT_DISCONTINUED', 'conflict');
    });

    it('refuses a product that is not defined', () => {
      expectDomainError(() => priceForOrder(productDecider.initialState, 'NO-SUCH-SKU'), 'PRODUCT_NOT_FOUND', 'not_found');
    });
  });
});
