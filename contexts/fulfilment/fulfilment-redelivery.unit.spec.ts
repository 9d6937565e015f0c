import type { FulfilmentEvent } from '../../event-schemas';
import { fold } from '../shared/decider';
import { fulfilmentDecider } from './fulfilment.decider';
import { ask, fact, historyOf, MUG, on, paymentDeadline, reservationsExpireAt, SHIRT, token } from './fulfilment.fixtures';
import type { FulfilmentIntentType } from './fulfilment.intents';
import { react } from './fulfilment.process';
import type { FulfilmentTrigger } from './fulfilment.triggers';
import { given, withToken } from './process-spec';

const everyTrigger: FulfilmentTrigger[] = [
  on.placed(token),
  on.confirmed(),
  on.rejected('outOfStock'),
  on.cancelled(),
  on.shipped(),
  on.reserved(SHIRT),
  on.reserved(MUG),
  on.reservationRejected(MUG),
  on.released(SHIRT, 'cancelled'),
  on.released(MUG, 'expired'),
  on.committed(SHIRT),
  on.authorized(),
  on.authorizationFailed('card_declined'),
  on.authorizationFailed('timeout'),
  on.voided('orderCancelled'),
  on.captured(),
  on.deadline('reservations', reservationsExpireAt),
  on.deadline('payment', paymentDeadline),
];

const histories: [string, FulfilmentEvent[]][] = [
  ...Object.entries(historyOf),
  ['Compensating (cancelled, authorization outstanding)', [...historyOf.AwaitingPayment, fact.compensationStarted('cancelled')]],
  ['Compensating (cancelled after confirmation)', [...historyOf.Confirmed, fact.compensationStarted('cancelled')]],
  ['Compensating (out of stock, a line pending)', [...historyOf.Reserving, fact.reservation(MUG, 'rejected'), fact.compensationStarted('outOfStock')]],
];
const cases = histories.flatMap(([name, history]) => everyTrigger.map((trigger) => [name, trigger.type, history, trigger] as const));

describe('Order fulfilment', () => {
  describe('when a trigger is delivered again', () => {
    // `given(…).when(…)` itself reacts a second time with the recorded events folded in and
    // expects nothing recorded and the same intents sent; these cases run it over every pair.
    it.each(cases)('in %s, a redelivered %s records nothing new and sends the same intents', (_name, _type, history, trigger) => {
      given(history).when(trigger);
    });

    it('heals a crash between recording and sending: the redelivery sends what the step needs', () => {
      const { reaction } = given(historyOf.OneLineReserved).when(on.reserved(MUG));
      const afterCrash = fold(fulfilmentDecider, reaction.record, given(historyOf.OneLineReserved).state);
      expect(react(afterCrash, on.reserved(MUG), undefined, withToken)).toEqual({ record: [], send: [ask.authorize()] });
    });

    it('records the facts once however often the trigger comes', () => {
      let state = given(historyOf.AwaitingPayment).state;
      const recorded: FulfilmentEvent[] = [];
      for (let i = 0; i < 3; i += 1) {
        const { record } = react(state, on.authorized(), undefined, withToken);
        recorded.push(...record);
        state = fold(fulfilmentDecider, record, state);
      }
      expect(recorded).toEqual([fact.payment('authorized')]);
    });

    it('answers an old step redelivered later with the current step, not the old one', () => {
      given(historyOf.Confirmed).when(on.reserved(MUG)).then({ send: [ask.confirm()] });
      given(historyOf.Shipping).when(on.placed(token)).then({ send: [ask.commit(SHIRT), ask.commit(MUG), ask.capture()] });
    });

    it('does not ask again for a payment deadline already acted on', () => {
      const asked = given(historyOf.AwaitingPayment).when(on.deadline('payment', paymentDeadline)).after();
      expect(react(asked, on.deadline('payment', paymentDeadline), undefined, withToken)).toEqual({ record: [], send: [ask.authorize()] });
    });
  });

  describe('once compensation started', () => {
    const forward: FulfilmentIntentType[] = ['ReserveStock', 'ConfirmOrder', 'CommitReservation', 'CapturePayment'];
    const compensating = histories.filter(([name]) => name.startsWith('Compensating'));

    it.each(compensating.flatMap(([name, history]) => everyTrigger.map((trigger) => [name, trigger.type, history, trigger] as const)))(
      'in %s, %s never asks to move the order forward',
      (_name, _type, history, trigger) => {
        const { send } = react(given(history).state, trigger, undefined, withToken);
        expect(send.filter((intent) => forward.includes(intent.type))).toEqual([]);
        // Asking for the authorization again is only how a still unanswered one is looked up.
        if (trigger.type !== 'DeadlineReached') expect(send.map((intent) => intent.type)).not.toContain('AuthorizePayment');
      },
    );
  });
});
