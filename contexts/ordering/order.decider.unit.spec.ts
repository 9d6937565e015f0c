import { fold } from '../shared/decider';
import { eur, historyOf, lines, orderId } from './ordering.fixtures';
import { orderDecider } from './order.decider';

describe('Order', () => {
  describe('when it is placed', () => {
    it('is Pending with its lines and total fixed', () => {
      expect(fold(orderDecider, historyOf.Pending)).toEqual({
        status: 'Pending',
        orderId,
        customerId: expect.any(String),
        lines,
        total: eur(6248),
        closedReason: null,
        carrier: null,
      });
    });
  });

  describe.each([
    ['Confirmed', {}],
    ['Shipped', { carrier: 'DHL' }],
    ['Delivered', { carrier: 'DHL' }],
    ['Rejected', { closedReason: 'outOfStock' }],
    ['Cancelled', { closedReason: 'Ordered the wrong size' }],
  ] as const)('when its history leads to %s', (status, extra) => {
    it('keeps its lines and total and records what happened', () => {
      expect(fold(orderDecider, historyOf[status])).toMatchObject({ status, lines, total: eur(6248), ...extra });
    });
  });

  it('is stored in order-<orderId> streams', () => {
    expect(orderDecider).toMatchObject({ category: 'order', snapshotVersion: 1, initialState: { status: 'NotPlaced' } });
  });
});
