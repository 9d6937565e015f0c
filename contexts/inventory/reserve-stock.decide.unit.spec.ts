import { deciderSpec } from '../shared/decider-spec';
import { committed, expiresAt, lowStock, orderId, otherOrderId, received, rejected, released, reservationId, reserved, sku } from './inventory.fixtures';
import { decideReserveStock, type ReserveStock } from './reserve-stock.decide';
import { stockDecider } from './stock.decider';

const spec = deciderSpec(stockDecider);
const reserve = (quantity: number, overrides: Partial<ReserveStock> = {}): ReserveStock => ({ sku, reservationId, orderId, quantity, expiresAt, ...overrides });

describe('StockItem', () => {
  describe('when stock is reserved', () => {
    it('sets the units aside until expiresAt', () => {
      spec
        .given([received(20)])
        .when((state) => decideReserveStock(reserve(2), state))
        .then([reserved(2)]);
    });

    it('reserves when exactly enough is available', () => {
      spec
        .given([received(20), reserved(12, 'other-reservation'), lowStock(8, 10)])
        .when((state) => decideReserveStock(reserve(8), state))
        .then([reserved(8)]);
    });

    it('counts units released by earlier reservations as available', () => {
      spec
        .given([received(10), reserved(10, 'other-reservation'), released(10, 'cancelled', 'other-reservation')])
        .when((state) => decideReserveStock(reserve(4), state))
        .then([reserved(4)]);
    });
  });

  describe('when not enough stock is available', () => {
    it('rejects the reservation with what is available, as an event', () => {
      spec
        .given([received(10), reserved(9, 'other-reservation')])
        .when((state) => decideReserveStock(reserve(2), state))
        .then([rejected(2, 1)]);
    });

    it('rejects it on a SKU never received', () => {
      spec
        .given([])
        .when((state) => decideReserveStock(reserve(1), state))
        .then([rejected(1, 0)]);
    });
  });

  describe('when the same reservation is asked for again', () => {
    it.each([
      ['still open', [received(10), reserved(2)]],
      ['rejected', [received(1), rejected(2, 1), received(10)]],
      ['released', [received(10), reserved(2), released(2, 'cancelled')]],
      ['expired', [received(10), reserved(2), released(2, 'expired')]],
      ['committed', [received(10), reserved(2), committed(2)]],
    ])('decides nothing when it is %s', (_, given) => {
      spec
        .given(given)
        .when((state) => decideReserveStock(reserve(2), state))
        .thenNothing();
    });

    it.each([
      ['another quantity', { quantity: 3 }],
      ['another order', { orderId: otherOrderId }],
    ])('refuses it for %s', (_, overrides) => {
      spec
        .given([received(10), reserved(2)])
        .when((state) => decideReserveStock(reserve(2, overrides), state))
        .thenThrows('RESERVATION_ID_CONFLICT', 'conflict');
    });
  });

  describe('when a reservation takes available to the low-stock threshold', () => {
    it('raises the alert after the reservation', () => {
      spec
        .given([received(10)])
        .when((state) => decideReserveStock(reserve(5), state))
        .then([reserved(5), lowStock(5)]);
    });

    it('raises it once per crossing, not on every reservation below it', () => {
      spec
        .given([received(10), reserved(6, 'first'), lowStock(4)])
        .when((state) => decideReserveStock(reserve(1), state))
        .then([reserved(1)]);
    });

    it('uses the threshold sent with the command', () => {
      spec
        .given([received(10)])
        .when((state) => decideReserveStock(reserve(1, { lowStockThreshold: 9 }), state))
        .then([reserved(1), lowStock(9, 9)]);
    });

    it('raises nothing when a reservation is rejected', () => {
      spec
        .given([received(10)])
        .when((state) => decideReserveStock(reserve(11), state))
        .then([rejected(11, 10)]);
    });
  });

  describe('when the request is malformed', () => {
    it.each([0, -1, 2.5])('refuses the quantity %p', (quantity) => {
      spec
        .given([received(10)])
        .when((state) => decideReserveStock(reserve(quantity), state))
        .thenThrows('INVALID_QUANTITY', 'rejected');
    });

    it.each(['tomorrow', '2026-03-14 10:15', '2026-03-14T10:15:00+01:00'])('refuses expiresAt %j', (at) => {
      spec
        .given([received(10)])
        .when((state) => decideReserveStock(reserve(1, { expiresAt: at }), state))
        .thenThrows('INVALID_INSTANT', 'rejected');
    });

    it.each(['', 'with space'])('refuses the reservation id %j', (id) => {
      spec
        .given([received(10)])
        .when((state) => decideReserveStock(reserve(1, { reservationId: id }), state))
        .thenThrows('INVALID_RESERVATION_ID', 'rejected');
    });
  });
});
