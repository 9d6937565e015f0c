import { decodeState, encodeState } from '../../platform/snapshots/snapshot-store';
import { fold } from '../shared/decider';
import { adjusted, committed, lowStock, received, rejected, released, reserved, reservationId } from './inventory.fixtures';
import { availableStock, endedReservation, openReservation, stockDecider } from './stock.decider';

const stockAfter = (...events: Parameters<typeof stockDecider.evolve>[1][]) => fold(stockDecider, events);

describe('StockItem', () => {
  describe('before anything happened', () => {
    it('has nothing on hand, reserved or available', () => {
      expect(stockDecider.initialState).toMatchObject({ onHand: 0, reserved: 0, lowStockAlert: null });
      expect(availableStock(stockDecider.initialState)).toBe(0);
    });
  });

  describe('when stock is received and adjusted', () => {
    it('counts the units on hand', () => {
      expect(stockAfter(received(10), adjusted(-3), adjusted(2))).toMatchObject({ onHand: 9, reserved: 0 });
    });
  });

  describe('when stock is reserved', () => {
    it('holds the units until the reservation ends', () => {
      const state = stockAfter(received(10), reserved(4));
      expect(state).toMatchObject({ onHand: 10, reserved: 4 });
      expect(availableStock(state)).toBe(6);
      expect(openReservation(state, reservationId)).toEqual({ orderId: expect.any(String), quantity: 4, expiresAt: '2026-03-14T10:15:00.000Z' });
    });
  });

  describe('when a reservation is released', () => {
    it('makes the units available again and remembers why it ended', () => {
      const state = stockAfter(received(10), reserved(4), released(4, 'cancelled'));
      expect(state).toMatchObject({ onHand: 10, reserved: 0 });
      expect(openReservation(state, reservationId)).toBeUndefined();
      expect(endedReservation(state, reservationId)).toMatchObject({ outcome: 'released', reason: 'cancelled', quantity: 4 });
    });
  });

  describe('when a reservation is committed', () => {
    it('takes the units off hand and out of reserved, leaving available unchanged', () => {
      const state = stockAfter(received(10), reserved(4), committed(4));
      expect(state).toMatchObject({ onHand: 6, reserved: 0 });
      expect(availableStock(state)).toBe(6);
      expect(endedReservation(state, reservationId)).toMatchObject({ outcome: 'committed' });
    });
  });

  describe('when a reservation is rejected', () => {
    it('holds nothing but remembers the id', () => {
      const state = stockAfter(received(1), rejected(2, 1));
      expect(state).toMatchObject({ onHand: 1, reserved: 0 });
      expect(endedReservation(state, reservationId)).toMatchObject({ outcome: 'rejected', quantity: 2 });
    });
  });

  describe('when low stock is detected', () => {
    it('keeps the alert while available stays at or below the threshold', () => {
      expect(stockAfter(received(10), reserved(5), lowStock(5), adjusted(-1)).lowStockAlert).toEqual({ threshold: 5 });
    });

    it('re-arms the alert once available is above the threshold again', () => {
      expect(stockAfter(received(10), reserved(5), lowStock(5), received(1)).lowStockAlert).toBeNull();
      expect(stockAfter(received(10), reserved(5), lowStock(5), released(5, 'expired')).lowStockAlert).toBeNull();
    });
  });

  describe('when a reservation id looks like an object key', () => {
    it('treats it as data', () => {
      const state = stockAfter(received(10), reserved(1, 'constructor'), reserved(1, '__proto__'));
      expect(state.reserved).toBe(2);
      expect(openReservation(state, '__proto__')).toMatchObject({ quantity: 1 });
      expect(openReservation(state, 'toString')).toBeUndefined();
      expect(endedReservation(state, 'hasOwnProperty')).toBeUndefined();
    });
  });

  describe('when snapshotted', () => {
    it('comes back from the snapshot encoding exactly as it was', () => {
      const state = stockAfter(received(10), reserved(4), reserved(1, 'constructor'), committed(1, 'constructor'), rejected(20, 6, 'late'));
      const decoded = decodeState(encodeState(state)) as typeof state;
      // The records come back as Maps holding the same entries in the same order, which evolve adopts.
      const plain = (s: typeof state) => ({ ...s, open: [...s.open], ended: [...s.ended] });
      expect(plain(decoded)).toEqual(plain(state));
      expect(openReservation(decoded, reservationId)).toMatchObject({ quantity: 4 });
      const next = committed(4);
      expect(plain(stockDecider.evolve(decoded, next))).toEqual(plain(stockDecider.evolve(state, next)));
    });
  });

  it('is stored in stock-<sku> streams', () => {
    expect(stockDecider).toMatchObject({ category: 'stock', snapshotVersion: 2 });
  });
});
