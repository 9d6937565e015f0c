import { ask, fact, historyOf, MUG, on, paymentDeadline, reservationsExpireAt, SHIRT, token } from './fulfilment.fixtures';
import { given, journey } from './process-spec';

describe('Order fulfilment', () => {
  describe('when an order is placed', () => {
    it('starts with one pending reservation per line and asks inventory to reserve each, until the reservations expire', () => {
      given(historyOf.NotStarted)
        .when(on.placed(token))
        .then({ record: [fact.started()], send: [ask.reserve(SHIRT), ask.reserve(MUG)] });
    });

    it('lets the reservations expire 15 minutes after placement, however late the manager sees the order', () => {
      const { reaction } = given(historyOf.NotStarted).when(on.placed(token), '2026-03-14T11:00:00.000Z');
      expect(reaction.record[0]?.data).toMatchObject({ reservationsExpireAt });
    });

    it('takes the time-to-live as an option', () => {
      const { reaction } = given(historyOf.NotStarted).when(on.placed(token), undefined, { reservationTtlMs: 60_000 });
      expect(reaction.record[0]?.data).toMatchObject({ reservationsExpireAt: '2026-03-14T10:01:00.000Z' });
      expect(reaction.send[0]).toMatchObject({ type: 'ReserveStock', expiresAt: '2026-03-14T10:01:00.000Z' });
    });

    it('reserves one SKU once when an old order lists it on two lines', () => {
      const placed = on.placed(token);
      const data = { ...placed.data, lines: [...(placed.data as { lines: object[] }).lines, { sku: SHIRT, quantity: 1, unitPrice: { amountMinor: 2499, currency: 'EUR' } }] };
      const { reaction } = given(historyOf.NotStarted).when({ ...placed, data: { ...data, total: { amountMinor: 8747, currency: 'EUR' } } } as typeof placed);
      expect(reaction.send).toEqual([{ ...ask.reserve(SHIRT), quantity: 3 }, ask.reserve(MUG)]);
    });
  });

  describe('when a line is reserved', () => {
    it('records it and waits for the other lines', () => {
      given(historyOf.Reserving)
        .when(on.reserved(SHIRT))
        .then({ record: [fact.reservation(SHIRT, 'reserved')], send: [ask.reserve(MUG)] });
    });

    it('asks for the payment authorization once every line is reserved, with a deadline 30 seconds on', () => {
      given(historyOf.OneLineReserved)
        .when(on.reserved(MUG))
        .then({ record: [fact.reservation(MUG, 'reserved'), fact.paymentRequested(paymentDeadline)], send: [ask.authorize()] });
    });

    it('takes the payment timeout as an option, counted from now', () => {
      const { reaction } = given(historyOf.OneLineReserved).when(on.reserved(MUG), '2026-03-14T10:01:00.000Z', { paymentToken: token, paymentTimeoutMs: 5_000 });
      expect(reaction.record).toContainEqual(fact.paymentRequested('2026-03-14T10:01:05.000Z'));
    });
  });

  describe('when the payment is authorized', () => {
    it('confirms the order', () => {
      given(historyOf.AwaitingPayment)
        .when(on.authorized())
        .then({ record: [fact.payment('authorized')], send: [ask.confirm()] });
    });

    it('stops asking for the confirmation once the order is confirmed', () => {
      given(historyOf.Confirmed).when(on.confirmed()).thenNothing();
    });
  });

  describe('when the payment deadline passes without an answer', () => {
    it('asks again with the same command, so the payments handler asks the gateway by idempotency key, and waits another timeout', () => {
      given(historyOf.AwaitingPayment)
        .when(on.deadline('payment', paymentDeadline))
        .then({ record: [fact.paymentRequested('2026-03-14T10:01:02.000Z')], send: [ask.authorize()] });
    });

    it('ignores a deadline that fires early', () => {
      given(historyOf.AwaitingPayment)
        .when(on.deadline('payment', '2026-03-14T10:00:10.000Z'))
        .then({ send: [ask.authorize()] });
    });

    it('ignores it once the answer is in', () => {
      given(historyOf.Confirmed)
        .when(on.deadline('payment', paymentDeadline))
        .then({ send: [ask.confirm()] });
    });
  });

  describe('when the order ships', () => {
    it('commits every reservation and captures the payment', () => {
      given(historyOf.Confirmed)
        .when(on.shipped())
        .then({ record: [fact.shipmentStarted()], send: [ask.commit(SHIRT), ask.commit(MUG), ask.capture()] });
    });

    it('records each commit and the capture, and completes when all are in', () => {
      const { reactions, state } = journey([on.committed(SHIRT), on.captured(), on.committed(MUG)], undefined, given(historyOf.Shipping).state);
      expect(reactions.map((r) => r.record)).toEqual([[fact.reservation(SHIRT, 'committed')], [fact.payment('captured')], [fact.reservation(MUG, 'committed'), fact.completed()]]);
      expect(reactions.map((r) => r.send)).toEqual([[ask.commit(MUG), ask.capture()], [ask.commit(MUG)], []]);
      expect(state.phase).toBe('Completed');
    });

    it('ignores the reservations deadline after confirmation', () => {
      given(historyOf.Confirmed)
        .when(on.deadline('reservations', reservationsExpireAt))
        .then({ send: [ask.confirm()] });
    });
  });

  it('runs the whole happy path from placement to completion', () => {
    const { state, reactions } = journey([
      on.placed(token),
      on.reserved(SHIRT),
      on.reserved(MUG),
      on.authorized(),
      on.confirmed(),
      on.shipped(),
      on.committed(SHIRT),
      on.committed(MUG),
      on.captured(),
    ]);
    expect(state).toMatchObject({ phase: 'Completed', shipped: true, payment: { status: 'captured' } });
    expect(reactions.flatMap((r) => r.send).map((intent) => intent.type)).toContain('CapturePayment');
  });

  describe('when a trigger belongs to no order the manager started', () => {
    it.each([on.reserved(SHIRT), on.authorized(), on.cancelled(), on.shipped(), on.deadline('payment', paymentDeadline)])('records and sends nothing for $type', (trigger) => {
      given(historyOf.NotStarted).when(trigger).thenNothing();
    });
  });
});
