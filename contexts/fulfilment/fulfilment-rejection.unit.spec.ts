import { ask, fact, historyOf, MUG, on, paymentDeadline, reservationsExpireAt, SHIRT } from './fulfilment.fixtures';
import { given, journey } from './process-spec';

describe('Order fulfilment', () => {
  describe('when a line is out of stock', () => {
    it('releases the lines already reserved and rejects the order as out of stock', () => {
      given(historyOf.OneLineReserved)
        .when(on.reservationRejected(MUG))
        .then({
          record: [fact.reservation(MUG, 'rejected'), fact.compensationStarted('outOfStock')],
          send: [ask.release(SHIRT, 'rejected'), ask.reject('outOfStock')],
        });
    });

    it('releases a line that was still pending as soon as it is reserved after all', () => {
      const { reactions, state } = journey([on.placed('tok_visa'), on.reservationRejected(MUG), on.reserved(SHIRT), on.released(SHIRT, 'rejected')], {
        paymentToken: 'tok_visa',
      });
      expect(reactions.slice(1)).toEqual([
        { record: [fact.reservation(MUG, 'rejected'), fact.compensationStarted('outOfStock')], send: [ask.reject('outOfStock')] },
        { record: [fact.reservation(SHIRT, 'reserved')], send: [ask.release(SHIRT, 'rejected'), ask.reject('outOfStock')] },
        { record: [fact.reservation(SHIRT, 'released'), fact.compensated('outOfStock')], send: [ask.reject('outOfStock')] },
      ]);
      expect(state.phase).toBe('Compensated');
    });

    it('is done at once when no line was reserved, and still asks for the rejection', () => {
      given([...historyOf.Reserving, fact.reservation(SHIRT, 'rejected'), fact.compensationStarted('outOfStock')])
        .when(on.reservationRejected(MUG))
        .then({ record: [fact.reservation(MUG, 'rejected'), fact.compensated('outOfStock')], send: [ask.reject('outOfStock')] });
    });

    it('stops asking for the rejection once the order is rejected', () => {
      given([...historyOf.Reserving, fact.reservation(SHIRT, 'rejected'), fact.compensationStarted('outOfStock'), fact.reservation(MUG, 'rejected'), fact.compensated('outOfStock')])
        .when(on.rejected('outOfStock'))
        .thenNothing();
    });
  });

  describe('when the payment is declined', () => {
    it('releases every reservation and rejects the order as payment declined', () => {
      given(historyOf.AwaitingPayment)
        .when(on.authorizationFailed('card_declined'))
        .then({
          record: [fact.payment('declined'), fact.compensationStarted('paymentDeclined')],
          send: [ask.release(SHIRT, 'paymentFailed'), ask.release(MUG, 'paymentFailed'), ask.reject('paymentDeclined')],
        });
    });

    it('is compensated once every reservation is released; nothing was held, so nothing is voided', () => {
      const { reactions, state } = journey([on.released(SHIRT, 'paymentFailed'), on.released(MUG, 'paymentFailed')], undefined, given([...historyOf.AwaitingPayment, fact.payment('declined'), fact.compensationStarted('paymentDeclined')]).state);
      expect(reactions.map((r) => r.record)).toEqual([[fact.reservation(SHIRT, 'released')], [fact.reservation(MUG, 'released'), fact.compensated('paymentDeclined')]]);
      expect(reactions.at(-1)?.send).toEqual([ask.reject('paymentDeclined')]);
      expect(state.phase).toBe('Compensated');
    });
  });

  describe('when the authorization timed out', () => {
    it('treats it as declined: the payments handler already asked the gateway and voided any hold', () => {
      given(historyOf.AwaitingPayment)
        .when(on.authorizationFailed('timeout'))
        .then({
          record: [fact.payment('timedOut'), fact.compensationStarted('paymentDeclined')],
          send: [ask.release(SHIRT, 'paymentFailed'), ask.release(MUG, 'paymentFailed'), ask.reject('paymentDeclined')],
        });
    });

    it('records the void of a late hold without waiting for it', () => {
      const timedOut = [...historyOf.AwaitingPayment, fact.payment('timedOut'), fact.compensationStarted('paymentDeclined'), fact.reservation(SHIRT, 'released')];
      given(timedOut)
        .when(on.voided('authorizationTimedOut'))
        .then({ record: [fact.payment('voided')], send: [ask.release(MUG, 'paymentFailed'), ask.reject('paymentDeclined')] });
      given(timedOut)
        .when(on.released(MUG, 'paymentFailed'))
        .then({ record: [fact.reservation(MUG, 'released'), fact.compensated('paymentDeclined')], send: [ask.reject('paymentDeclined')] });
    });
  });

  describe('when the reservations expire before the order is confirmed', () => {
    it('releases the reserved lines and rejects the order as reservation expired', () => {
      given(historyOf.OneLineReserved)
        .when(on.deadline('reservations', reservationsExpireAt))
        .then({ record: [fact.compensationStarted('reservationExpired')], send: [ask.release(SHIRT, 'expired'), ask.reject('reservationExpired')] });
    });

    it('voids an authorization that arrives afterwards instead of confirming', () => {
      const expired = given(historyOf.AwaitingPayment).when(on.deadline('reservations', reservationsExpireAt));
      expect(expired.reaction.send).toEqual([ask.release(SHIRT, 'expired'), ask.release(MUG, 'expired'), ask.reject('reservationExpired')]);
      const { last } = journey([on.authorized()], undefined, expired.after());
      expect(last).toEqual({
        record: [fact.payment('authorized')],
        send: [ask.release(SHIRT, 'expired'), ask.release(MUG, 'expired'), ask.void('orderRejected'), ask.reject('reservationExpired')],
      });
    });

    it('also rejects the order when inventory expired a reservation first', () => {
      given(historyOf.AwaitingPayment)
        .when(on.released(SHIRT, 'expired'))
        .then({ record: [fact.reservation(SHIRT, 'expired'), fact.compensationStarted('reservationExpired')], send: [ask.release(MUG, 'expired'), ask.reject('reservationExpired')] });
    });

    it('ignores a reservations deadline that fires early', () => {
      given(historyOf.OneLineReserved)
        .when(on.deadline('reservations', paymentDeadline))
        .then({ send: [ask.reserve(MUG)] });
    });
  });

  describe('when the order is rejected by someone else', () => {
    it('compensates with that reason and does not ask for the rejection again', () => {
      given(historyOf.OneLineReserved)
        .when(on.rejected('outOfStock'))
        .then({ record: [fact.compensationStarted('outOfStock')], send: [ask.release(SHIRT, 'rejected')] });
    });
  });
});
