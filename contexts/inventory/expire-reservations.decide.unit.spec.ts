import { deciderSpec } from '../shared/decider-spec';
import { committed, otherOrderId, received, released, reserved, sku } from './inventory.fixtures';
import { decideExpireReservations } from './expire-reservations.decide';
import { stockDecider } from './stock.decider';

const spec = deciderSpec(stockDecider);
const at = (minute: number) => `2026-03-14T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('StockItem', () => {
  describe('when reservations are expired', () => {
    it('releases only those due, earliest first, including one due exactly now', () => {
      spec
        .given([received(20), reserved(1, 'late', at(30)), reserved(2, 'b-due', at(15), otherOrderId), reserved(3, 'a-due', at(10)), reserved(4, 'now', at(20))])
        .when((state) => decideExpireReservations({ sku, now: at(20) }, state))
        .then([released(3, 'expired', 'a-due'), released(2, 'expired', 'b-due', otherOrderId), released(4, 'expired', 'now')]);
    });

    it('orders reservations due at the same instant by id', () => {
      spec
        .given([received(20), reserved(1, 'b', at(10)), reserved(2, 'a', at(10))])
        .when((state) => decideExpireReservations({ sku, now: at(15) }, state))
        .then([released(2, 'expired', 'a'), released(1, 'expired', 'b')]);
    });

    it('compares instants, not their spelling', () => {
      spec
        .given([received(20), reserved(1, 'r', '2026-03-14T10:15:00.500Z')])
        .when((state) => decideExpireReservations({ sku, now: '2026-03-14T10:15:00Z' }, state))
        .thenNothing();
    });

    it('ignores reservations that already ended', () => {
      spec
        .given([received(20), reserved(1, 'shipped', at(1)), committed(1, 'shipped'), reserved(2, 'gone', at(1)), released(2, 'cancelled', 'gone')])
        .when((state) => decideExpireReservations({ sku, now: at(59) }, state))
        .thenNothing();
    });

    it('decides nothing when none is due', () => {
      spec
        .given([received(20), reserved(1, 'r', at(30))])
        .when((state) => decideExpireReservations({ sku, now: at(29) }, state))
        .thenNothing();
    });

    it('refuses an instant that is not ISO-8601 UTC', () => {
      spec
        .given([])
        .when((state) => decideExpireReservations({ sku, now: 'now' }, state))
        .thenThrows('INVALID_INSTANT', 'rejected');
    });
  });

  describe('when an expired reservation is released again', () => {
    it('decides nothing the second time', () => {
      spec
        .given([received(20), reserved(1, 'r', at(10)), released(1, 'expired', 'r')])
        .when((state) => decideExpireReservations({ sku, now: at(20) }, state))
        .thenNothing();
    });
  });
});
