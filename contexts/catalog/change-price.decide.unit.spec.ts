import { deciderSpec } from '../shared/decider-spec';
import { eur, priceChanged, productDefined, productDiscontinued, productId } from './catalog.fixtures';
import { decideChangePrice } from './change-price.decide';
import { productDecider } from './product.decider';

const spec = deciderSpec(productDecider);

describe('Product', () => {
  describe('when its price changes', () => {
    it('records the previous and the new price', () => {
      spec
        .given([productDefined])
        .when((state) => decideChangePrice({ productId, price: eur(1999) }, state))
        .then([priceChanged(2499, 1999)]);
    });

    it('compares with the latest price', () => {
      spec
        .given([productDefined, priceChanged(2499, 1999)])
        .when((state) => decideChangePrice({ productId, price: eur(2499) }, state))
        .then([priceChanged(1999, 2499)]);
    });

    it('changes nothing when the price is the same', () => {
      spec
        .given([productDefined])
        .when((state) => decideChangePrice({ productId, price: eur(2499) }, state))
        .thenNothing();
    });

    it.each([0, -1])('refuses the price %p minor units', (amountMinor) => {
      spec
        .given([productDefined])
        .when((state) => decideChangePrice({ productId, price: eur(amountMinor) }, state))
        .thenThrows('INVALID_PRICE', 'rejected');
    });

    it('refuses a price in another currency', () => {
      spec
        .given([productDefined])
        .when((state) => decideChangePrice({ productId, price: { amountMinor: 2499, currency: 'USD' } }, state))
        .thenThrows('PRICE_CURRENCY_MISMATCH', 'rejected');
    });

    it('refuses it for a product that is not defined', () => {
      spec
        .given([])
        .when((state) => decideChangePrice({ productId, price: eur(1999) }, state))
        .thenThrows('PRODUCT_NOT_FOUND', 'not_found');
    });
  });

  describe('when the price of a discontinued product changes', () => {
    it.each([1999, 2499])('refuses it (new price %p)', (amountMinor) => {
      spec
        .given([productDefined, productDiscontinued])
        .when((state) => decideChangePrice({ productId, price: eur(amountMinor) }, state))
        .thenThrows('PRODUCT_DISCONTINUED', 'conflict');
    });
  });
});
