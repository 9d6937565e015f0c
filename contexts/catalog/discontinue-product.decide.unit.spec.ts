import { deciderSpec } from '../shared/decider-spec';
import { productDefined, productDiscontinued, productId } from './catalog.fixtures';
import { decideDiscontinueProduct } from './discontinue-product.decide';
import { productDecider } from './product.decider';

const spec = deciderSpec(productDecider);

describe('Product', () => {
  describe('when it is discontinued', () => {
    it('records that it is withdrawn from sale', () => {
      spec
        .given([productDefined])
        .when((state) => decideDiscontinueProduct({ productId }, state))
        .then([productDiscontinued]);
    });

    it('changes nothing the second time', () => {
      spec
        .given([productDefined, productDiscontinued])
        .when((state) => decideDiscontinueProduct({ productId }, state))
        .thenNothing();
    });

    it('refuses it for a product that is not defined', () => {
      spec
        .given([])
        .when((state) => decideDiscontinueProduct({ productId }, state))
        .thenThrows('PRODUCT_NOT_FOUND', 'not_found');
    });
  });
});
