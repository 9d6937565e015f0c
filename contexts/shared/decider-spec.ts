/*
 * Test-only helper, imported by *.unit.spec.ts files alone: given events → when a decision →
 * then events or a DomainError. Every given and every produced event is passed through the event
 * registry, so a decider can never emit (and a test never assumes) a payload the store refuses.
 */
import { eventRegistry } from '../../event-schemas';
import { fold, type Decider } from './decider';
import { DomainError, type DomainErrorKind } from './domain-error';

interface EventLike {
  type: string;
  data: unknown;
}

export function deciderSpec<State, Event extends EventLike>(decider: Decider<State, Event>) {
  return {
    given(events: readonly Event[]) {
      events.forEach(expectEncodable);
      const state = fold(decider, events);
      return {
        state,
        when(decide: (state: State) => readonly Event[]) {
          return {
            then(expected: readonly Event[]): void {
              const actual = decide(state);
              expect(actual).toEqual(expected);
              actual.forEach(expectEncodable);
            },
            thenNothing(): void {
              expect(decide(state)).toEqual([]);
            },
            thenThrows(code: string, kind: DomainErrorKind): DomainError {
              return expectDomainError(() => decide(state), code, kind);
            },
          };
        },
      };
    },
  };
}

export function expectDomainError(run: () => unknown, code: string, kind: DomainErrorKind): DomainError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const error = caught as DomainError;
  expect({ code: error.code, kind: error.kind }).toEqual({ code, kind });
  // Messages are for people: they say what was wrong and what to do.
  expect(error.message.length).toBeGreaterThan(30);
  return error;
}

export function expectEncodable(event: EventLike): void {
  expect(() => eventRegistry.encode(event.type, event.data)).not.toThrow();
}
