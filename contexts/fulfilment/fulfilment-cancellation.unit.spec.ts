import { ask, fact, historyOf, MUG, on, paymentDeadline, SHIRT } from './fulfilment.fixtures';
import { given, journey } from './process-spec';

describe('Order fulfilment', () => {
  describe('when the order is cancelled before confirmation', () => {
    it('releases the reserved lines; nothing was authorized, so nothing is voided or rejected', () => {
      given(historyOf.OneLineReserved)
        .when(on.cancelled())
        .then({ record: [fact.compensationStarted('cancelled')], send: [ask.release(SHIRT, 'cancelled')] });
    });

    it('releases a line still pending once it is reserved, and is then compensated', () => {
      const cancelled = given(historyOf.OneLineReserved).when(on.cancelled()).after();
      const { reactions, state } = journey([on.reserved(MUG), on.released(SHIRT, 'cancelled'), on.released(MUG, 'cancelled')], undefined, cancelled);
      expect(reactions).toEqual([
        { record: [fact.reservation(MUG, 'reserved')], send: [ask.release(SHIRT, 'cancelled'), ask.release(MUG, 'cancelled')] },
        { record: [fact.reservation(SHIRT, 'released')], send: [ask.release(MUG, 'cancelled')] },
        { record: [fact.reservation(MUG, 'released'), fact.compensated('cancelled')], send: [] },
      ]);
      expect(state).toMatchObject({ phase: 'Compensated', compensationReason: 'cancelled' });
    });

    it('never asks for the payment after a cancellation, even when the last line is reserved', () => {
      const cancelled = given(historyOf.OneLineReserved).when(on.cancelled()).after();
      const { last } = journey([on.reserved(MUG)], undefined, cancelled);
      expect(last.send.map((intent) => intent.type)).not.toContain('AuthorizePayment');
    });
  });

  describe('when the order is cancelled after confirmation', () => {
    it('releases every reservation and voids the authorization as cancelled', () => {
      given(historyOf.Confirmed)
        .when(on.cancelled())
        .then({ record: [fact.compensationStarted('cancelled')], send: [ask.release(SHIRT, 'cancelled'), ask.release(MUG, 'cancelled'), ask.void('orderCancelled')] });
    });

    it('is compensated once both reservations are released and the authorization voided', () => {
      const cancelled = given(historyOf.Confirmed).when(on.cancelled()).after();
      const { reactions, state } = journey([on.released(SHIRT, 'cancelled'), on.voided('orderCancelled'), on.released(MUG, 'cancelled')], undefined, cancelled);
      expect(reactions.map((r) => r.record)).toEqual([
        [fact.reservation(SHIRT, 'released')],
        [fact.payment('voided')],
        [fact.reservation(MUG, 'released'), fact.compensated('cancelled')],
      ]);
      expect(reactions.at(-1)?.send).toEqual([]);
      expect(state.phase).toBe('Compensated');
    });
  });

  describe('when the order is cancelled while the authorization is outstanding', () => {
    const cancelled = [...historyOf.AwaitingPayment, fact.compensationStarted('cancelled')];

    it('releases the reservations and waits for the authorization instead of voiding nothing', () => {
      given(historyOf.AwaitingPayment)
        .when(on.cancelled())
        .then({ record: [fact.compensationStarted('cancelled')], send: [ask.release(SHIRT, 'cancelled'), ask.release(MUG, 'cancelled')] });
    });

    it('voids the authorization when it arrives, and never confirms', () => {
      given(cancelled)
        .when(on.authorized())
        .then({ record: [fact.payment('authorized')], send: [ask.release(SHIRT, 'cancelled'), ask.release(MUG, 'cancelled'), ask.void('orderCancelled')] });
    });

    it('needs no void when the authorization fails', () => {
      const released = [...cancelled, fact.reservation(SHIRT, 'released'), fact.reservation(MUG, 'released')];
      given(released)
        .when(on.authorizationFailed('card_declined'))
        .then({ record: [fact.payment('declined'), fact.compensated('cancelled')] });
    });

    it('asks for the authorization by idempotency key when no answer comes, to learn whether a hold must be voided', () => {
      given(cancelled)
        .when(on.deadline('payment', paymentDeadline))
        .then({
          record: [fact.paymentRequested('2026-03-14T10:01:02.000Z')],
          send: [ask.release(SHIRT, 'cancelled'), ask.release(MUG, 'cancelled'), ask.authorize()],
        });
    });

    it('is not compensated before the authorization is answered', () => {
      const { state } = journey([on.released(SHIRT, 'cancelled'), on.released(MUG, 'cancelled')], undefined, given(cancelled).state);
      expect(state.phase).toBe('Compensating');
    });
  });

  describe('when a cancellation arrives after shipment (the order refuses it)', () => {
    it('records nothing and keeps shipping', () => {
      given(historyOf.Shipping)
        .when(on.cancelled())
        .then({ send: [ask.commit(SHIRT), ask.commit(MUG), ask.capture()] });
    });
  });

  describe('when the order carries no payment token (placed before OrderPlaced v3)', () => {
    it('rejects it as payment declined once every line is reserved', () => {
      given(historyOf.OneLineReserved)
        .when(on.reserved(MUG), undefined, { paymentToken: null })
        .then({
          record: [fact.reservation(MUG, 'reserved'), fact.compensationStarted('paymentDeclined')],
          send: [ask.release(SHIRT, 'paymentFailed'), ask.release(MUG, 'paymentFailed'), ask.reject('paymentDeclined')],
        });
    });

    it('refuses to guess when the runtime passed no token at all', () => {
      expect(() => given(historyOf.OneLineReserved).when(on.reserved(MUG), undefined, {})).toThrow(
        "react got no paymentToken; pass the order's OrderPlaced paymentToken, or null if it has none",
      );
    });
  });
});
