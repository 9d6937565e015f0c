/*
 * Test-only helper, imported by *.unit.spec.ts files alone: given recorded fulfilment events →
 * when a trigger → then the events recorded and the intents sent. Every given and recorded event
 * goes through the event registry, and every reaction is checked for redelivery on the way: the
 * same trigger again, with what was recorded folded in, records nothing and sends the same.
 */
import { eventRegistry, type FulfilmentEvent } from '../../event-schemas';
import { fold } from '../shared/decider';
import { fulfilmentDecider, type FulfilmentState } from './fulfilment.decider';
import type { FulfilmentIntent } from './fulfilment.intents';
import { react, type Reaction, type ReactOptions } from './fulfilment.process';
import type { FulfilmentTrigger } from './fulfilment.triggers';
import { token } from './fulfilment.fixtures';

export const withToken: ReactOptions = { paymentToken: token };

export function given(events: readonly FulfilmentEvent[]) {
  events.forEach(expectEncodable);
  const state = fold(fulfilmentDecider, events);
  return {
    state,
    when(trigger: FulfilmentTrigger, now?: string, options: ReactOptions = withToken) {
      const reaction = reactTwice(state, trigger, now, options);
      return {
        reaction,
        then(expected: { record?: FulfilmentEvent[]; send?: FulfilmentIntent[] }): void {
          expect(reaction).toEqual({ record: expected.record ?? [], send: expected.send ?? [] });
        },
        thenNothing(): void {
          expect(reaction).toEqual({ record: [], send: [] });
        },
        /** The state once the recorded events are appended, for a next step. */
        after(): FulfilmentState {
          return fold(fulfilmentDecider, reaction.record, state);
        },
      };
    },
  };
}

/** Reacts, then checks the redelivery properties every reaction must have. */
export function reactTwice(state: FulfilmentState, trigger: FulfilmentTrigger, now?: string, options: ReactOptions = withToken): Reaction {
  const reaction = react(state, trigger, now, options);
  reaction.record.forEach(expectEncodable);
  const redelivered = react(fold(fulfilmentDecider, reaction.record, state), trigger, now, options);
  expect(redelivered).toEqual({ record: [], send: reaction.send });
  return reaction;
}

/** Runs triggers one after the other like the runtime does; returns the final state and each reaction. */
export function journey(triggers: readonly FulfilmentTrigger[], options: ReactOptions = withToken, from: FulfilmentState = fulfilmentDecider.initialState) {
  let state = from;
  const reactions: Reaction[] = [];
  for (const trigger of triggers) {
    const reaction = reactTwice(state, trigger, undefined, options);
    reactions.push(reaction);
    state = fold(fulfilmentDecider, reaction.record, state);
  }
  return { state, reactions, last: reactions.at(-1) ?? { record: [], send: [] } };
}

export function expectEncodable(event: { type: string; data: unknown }): void {
  expect(() => eventRegistry.encode(event.type, event.data)).not.toThrow();
}
