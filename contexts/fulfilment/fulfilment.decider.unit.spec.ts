import { eventRegistry, type OrderPlaced } from '../../event-schemas';
import type { RecordedEvent } from '../../platform/event-store/event-store.port';
import { fold } from '../shared/decider';
import { fulfilmentDecider } from './fulfilment.decider';
import { fact, historyOf, MUG, on, orderId, paymentDeadline, paymentId, reservationsExpireAt, SHIRT, token, total } from './fulfilment.fixtures';
import { deadlinesOf, needsPaymentToken } from './fulfilment.outstanding';
import { correlate, TRIGGER_TYPES, type FulfilmentTrigger } from './fulfilment.triggers';
import { given } from './process-spec';

describe('Fulfilment decider', () => {
  it('is the fulfilment-<orderId> stream', () => {
    expect(fulfilmentDecider).toMatchObject({ category: 'fulfilment', snapshotVersion: 1, initialState: { phase: 'NotStarted' } });
  });

  it('folds the happy path into the state the manager decides from', () => {
    expect(given(historyOf.Shipping).state).toEqual({
      phase: 'Shipping',
      orderId,
      reservations: [
        { reservationId: `${orderId}:reserve:${SHIRT}`, sku: SHIRT, quantity: 2, status: 'reserved' },
        { reservationId: `${orderId}:reserve:${MUG}`, sku: MUG, quantity: 1, status: 'reserved' },
      ],
      amount: total,
      reservationsExpireAt,
      payment: { paymentId, amount: total, deadline: paymentDeadline, status: 'authorized' },
      compensationReason: null,
      shipped: true,
    });
  });

  it('keeps the payment status when the manager asks for the authorization again', () => {
    const state = given([...historyOf.AwaitingPayment, fact.paymentRequested('2026-03-14T10:01:02.000Z')]).state;
    expect(state).toMatchObject({ phase: 'AwaitingPayment', payment: { status: 'requested', deadline: '2026-03-14T10:01:02.000Z' } });
  });

  it('stays in compensation when an authorization arrives during it', () => {
    const state = given([...historyOf.AwaitingPayment, fact.compensationStarted('cancelled'), fact.payment('authorized')]).state;
    expect(state).toMatchObject({ phase: 'Compensating', compensationReason: 'cancelled', payment: { status: 'authorized' } });
  });

  it('ignores anything recorded before FulfilmentStarted, and a second start', () => {
    expect(fold(fulfilmentDecider, [fact.reservation(SHIRT, 'reserved'), fact.completed()])).toEqual({ phase: 'NotStarted' });
    const started = given(historyOf.OneLineReserved).state;
    expect(fulfilmentDecider.evolve(started, fact.started())).toBe(started);
  });
});

describe('deadlinesOf', () => {
  it.each([
    ['NotStarted', historyOf.NotStarted, []],
    ['Reserving', historyOf.Reserving, [{ kind: 'reservations', at: reservationsExpireAt }]],
    ['AwaitingPayment', historyOf.AwaitingPayment, [{ kind: 'reservations', at: reservationsExpireAt }, { kind: 'payment', at: paymentDeadline }]],
    ['Confirmed', historyOf.Confirmed, []],
    ['Shipping', historyOf.Shipping, []],
    ['Compensating, authorization outstanding', [...historyOf.AwaitingPayment, fact.compensationStarted('cancelled')], [{ kind: 'payment', at: paymentDeadline }]],
    ['Compensating, authorization answered', [...historyOf.Confirmed, fact.compensationStarted('cancelled')], []],
  ] as const)('in %s lists %j', (_name, history, expected) => {
    expect(deadlinesOf(given(history).state)).toEqual(expected);
  });
});

describe('needsPaymentToken', () => {
  it('is true only while a step may ask for the authorization', () => {
    expect(needsPaymentToken(given(historyOf.NotStarted).state)).toBe(false);
    expect(needsPaymentToken(given(historyOf.Reserving).state)).toBe(true);
    expect(needsPaymentToken(given(historyOf.AwaitingPayment).state)).toBe(true);
    expect(needsPaymentToken(given([...historyOf.AwaitingPayment, fact.compensationStarted('cancelled')]).state)).toBe(true);
    expect(needsPaymentToken(given(historyOf.Confirmed).state)).toBe(false);
  });
});

describe('correlate', () => {
  it.each([on.placed(token), on.cancelled(), on.reserved(SHIRT), on.released(MUG, 'expired'), on.captured(), on.deadline('payment', paymentDeadline)])(
    'finds the order of $type',
    (trigger) => {
      expect(correlate(trigger)).toBe(orderId);
    },
  );

  it('gives no order for events the manager does not react to', () => {
    expect(correlate({ type: 'StockReceived', data: { sku: SHIRT, quantity: 5 } })).toBeUndefined();
    expect(correlate({ type: 'OrderDelivered', data: { orderId } })).toBeUndefined();
    expect(correlate({ type: 'StockReserved', data: null })).toBeUndefined();
  });

  it('takes events as the store reads them, metadata.occurredAt included', () => {
    const fits: RecordedEvent<OrderPlaced> extends FulfilmentTrigger ? true : false = true;
    expect(fits).toBe(true);
  });

  it('subscribes to stored event types only', () => {
    expect(TRIGGER_TYPES.filter((type) => !eventRegistry.has(type))).toEqual([]);
  });
});
