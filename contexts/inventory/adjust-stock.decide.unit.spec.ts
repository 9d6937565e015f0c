import { fold } from '../shared/decider';
import { decideAdjustStock, type AdjustStock } from './adjust-stock.decide';
import { deciderSpec } from '../shared/decider-spec';
import { adjusted, lowStock, received, reserved, sku } from './inventory.fixtures';
import { availableStock, stockDecider } from './stock.decider';

const spec = deciderSpec(stockDecider);
const adjust = (quantityDelta: number, reason = 'stock count 2026-03'): AdjustStock => ({ sku, quantityDelta, reason });

describe('StockItem', () => {
  describe('when stock is adjusted', () => {
    it('records units found', () => {
      spec
        .given([received(10)])
        .when((state) => decideAdjustStock(adjust(3), state))
        .then([adjusted(3)]);
    });

    it('records units lost while enough stays above the threshold', () => {
      spec
        .given([received(10)])
        .when((state) => decideAdjustStock(adjust(-4), state))
        .then([adjusted(-4)]);
    });

    it('allows removing exactly what is available', () => {
      spec
        .given([received(10), reserved(4)])
        .when((state) => decideAdjustStock(adjust(-6), state))
        .then([adjusted(-6), lowStock(0)]);
    });

    it('trims the reason', () => {
      spec
        .given([received(10)])
        .when((state) => decideAdjustStock(adjust(-1, '  stock count 2026-03 '), state))
        .then([adjusted(-1)]);
    });
  });

  describe('when an adjustment would take stock below what is reserved', () => {
    it('refuses it', () => {
      const error = spec
        .given([received(10), reserved(4)])
        .when((state) => decideAdjustStock(adjust(-7), state))
        .thenThrows('INSUFFICIENT_STOCK', 'conflict');
      expect(error.details).toMatchObject({ onHand: 10, reserved: 4, available: 6, quantityDelta: -7 });
    });
  });

  describe('when an adjustment would take on-hand below zero', () => {
    it('refuses it', () => {
      spec
        .given([received(3)])
        .when((state) => decideAdjustStock(adjust(-4), state))
        .thenThrows('INSUFFICIENT_STOCK', 'conflict');
    });

    it('refuses it on a SKU never received', () => {
      spec
        .given([])
        .when((state) => decideAdjustStock(adjust(-1), state))
        .thenThrows('INSUFFICIENT_STOCK', 'conflict');
    });

    it('keeps stock non-negative whatever sequence of adjustments is tried', () => {
      let state = fold(stockDecider, [received(5), reserved(2)]);
      for (const delta of [-1, -3, 4, -9, -5, 2, -1, -1]) {
        try {
          state = decideAdjustStock(adjust(delta), state).reduce(stockDecider.evolve, state);
        } catch {
          // refused: the state stays as it was
        }
        expect(state.onHand).toBeGreaterThanOrEqual(0);
        expect(availableStock(state)).toBeGreaterThanOrEqual(0);
      }
    });
  });

  describe('when stock falls to the low-stock threshold', () => {
    it('raises the alert with the available units and the threshold', () => {
      spec
        .given([received(10)])
        .when((state) => decideAdjustStock(adjust(-5), state))
        .then([adjusted(-5), lowStock(5)]);
    });

    it('uses the threshold sent with the command', () => {
      spec
        .given([received(10)])
        .when((state) => decideAdjustStock({ ...adjust(-2), lowStockThreshold: 8 }, state))
        .then([adjusted(-2), lowStock(8, 8)]);
    });

    it('does not raise it again while the alert is in force', () => {
      spec
        .given([received(10), adjusted(-5), lowStock(5)])
        .when((state) => decideAdjustStock(adjust(-1), state))
        .then([adjusted(-1)]);
    });

    it('raises it again after stock recovered above the threshold', () => {
      spec
        .given([received(10), adjusted(-5), lowStock(5), adjusted(3)])
        .when((state) => decideAdjustStock(adjust(-3), state))
        .then([adjusted(-3), lowStock(5)]);
    });
  });

  describe('when the adjustment is malformed', () => {
    it.each([0, 1.5, Number.NaN])('refuses the delta %p', (delta) => {
      spec
        .given([received(10)])
        .when((state) => decideAdjustStock(adjust(delta), state))
        .thenThrows('INVALID_QUANTITY_DELTA', 'rejected');
    });

    it.each(['', '   ', 'x'.repeat(201)])('refuses the reason %j', (reason) => {
      spec
        .given([received(10)])
        .when((state) => decideAdjustStock(adjust(-1, reason), state))
        .thenThrows('INVALID_ADJUSTMENT_REASON', 'rejected');
    });

    it.each([-1, 2.5])('refuses the threshold %p', (lowStockThreshold) => {
      spec
        .given([received(10)])
        .when((state) => decideAdjustStock({ ...adjust(-1), lowStockThreshold }, state))
        .thenThrows('INVALID_LOW_STOCK_THRESHOLD', 'rejected');
    });
  });
});
