import { deciderSpec } from '../shared/decider-spec';
import { lowStock, received, reserved, sku } from './inventory.fixtures';
import { decideReceiveStock } from './receive-stock.decide';
import { stockDecider } from './stock.decider';

const spec = deciderSpec(stockDecider);

describe('StockItem', () => {
  describe('when stock is received', () => {
    it('records the units that arrived', () => {
      spec
        .given([])
        .when((state) => decideReceiveStock({ sku, quantity: 120 }, state))
        .then([received(120)]);
    });

    it('never raises a low-stock alert, even when available stays low', () => {
      spec
        .given([received(6), reserved(4), lowStock(2)])
        .when((state) => decideReceiveStock({ sku, quantity: 1 }, state))
        .then([received(1)]);
    });

    it.each([0, -5, 1.5])('refuses the quantity %p', (quantity) => {
      spec
        .given([])
        .when((state) => decideReceiveStock({ sku, quantity }, state))
        .thenThrows('INVALID_QUANTITY', 'rejected');
    });

    it('refuses a lower-case SKU', () => {
      spec
        .given([])
        .when((state) => decideReceiveStock({ sku: 'tshirt-red-m', quantity: 1 }, state))
        .thenThrows('INVALID_SKU', 'rejected');
    });
  });
});
