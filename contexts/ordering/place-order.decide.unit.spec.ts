import { deciderSpec } from '../shared/decider-spec';
import { customerId, eur, historyOf, lines, orderId, placed } from './ordering.fixtures';
import { orderDecider } from './order.decider';
import { decidePlaceOrder, type PlaceOrder, type PlaceOrderLine } from './place-order.decide';

const spec = deciderSpec(orderDecider);
const place = (orderLines: PlaceOrderLine[] = lines): PlaceOrder => ({ orderId, customerId, lines: orderLines });

describe('Order', () => {
  describe('when it is placed', () => {
    it('fixes the lines with their copied prices and the total of the lines', () => {
      spec
        .given([])
        .when((state) => decidePlaceOrder(place(), state))
        .then([placed]);
    });

    it('totals a single line', () => {
      spec
        .given([])
        .when((state) => decidePlaceOrder(place([{ sku: 'MUG-STONEWARE-350', quantity: 3, unitPrice: { amountMinor: 1500, currency: 'JPY' } }]), state))
        .then([
          {
            type: 'OrderPlaced',
            data: { orderId, customerId, lines: [{ sku: 'MUG-STONEWARE-350', quantity: 3, unitPrice: { amountMinor: 1500, currency: 'JPY' } }], total: { amountMinor: 4500, currency: 'JPY' } },
          },
        ]);
    });
  });

  describe('when it was placed already', () => {
    it.each(Object.keys(historyOf).filter((status) => status !== 'NotPlaced') as (keyof typeof historyOf)[])('refuses to place it again (%s)', (status) => {
      spec
        .given(historyOf[status])
        .when((state) => decidePlaceOrder(place(), state))
        .thenThrows('ORDER_ALREADY_PLACED', 'conflict');
    });
  });

  describe('when the lines are not valid', () => {
    it('refuses an order without lines', () => {
      spec
        .given([])
        .when((state) => decidePlaceOrder(place([]), state))
        .thenThrows('ORDER_HAS_NO_LINES', 'rejected');
    });

    it('refuses two lines for the same SKU instead of merging them', () => {
      spec
        .given([])
        .when((state) => decidePlaceOrder(place([...lines, { sku: 'TSHIRT-RED-M', quantity: 1, unitPrice: eur(2499) }]), state))
        .thenThrows('DUPLICATE_ORDER_LINE', 'rejected');
    });

    it('refuses lines priced in different currencies', () => {
      const error = spec
        .given([])
        .when((state) => decidePlaceOrder(place([lines[0]!, { sku: 'MUG-STONEWARE-350', quantity: 1, unitPrice: { amountMinor: 1250, currency: 'USD' } }]), state))
        .thenThrows('MIXED_CURRENCIES', 'rejected');
      expect(error.details).toEqual({ currencies: ['EUR', 'USD'] });
    });

    it.each([0, -1, 1.5])('refuses the quantity %p', (quantity) => {
      spec
        .given([])
        .when((state) => decidePlaceOrder(place([{ ...lines[0]!, quantity }]), state))
        .thenThrows('INVALID_QUANTITY', 'rejected');
    });

    it.each([eur(0), eur(-1), eur(24.99)])('refuses the unit price %j', (unitPrice) => {
      spec
        .given([])
        .when((state) => decidePlaceOrder(place([{ ...lines[0]!, unitPrice }]), state))
        .thenThrows('INVALID_PRICE', 'rejected');
    });

    it('refuses a lower-case SKU', () => {
      spec
        .given([])
        .when((state) => decidePlaceOrder(place([{ ...lines[0]!, sku: 'tshirt-red-m' }]), state))
        .thenThrows('INVALID_SKU', 'rejected');
    });

    it('refuses a total too large to be exact', () => {
      spec
        .given([])
        .when((state) => decidePlaceOrder(place([{ sku: 'YACHT', quantity: 1_000_000, unitPrice: eur(Number.MAX_SAFE_INTEGER) }]), state))
        .thenThrows('ORDER_TOTAL_TOO_LARGE', 'rejected');
    });
  });
});
