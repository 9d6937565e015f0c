import type { EventShape } from '../../platform/event-store/event-store.port';

/**
 * A stream type as pure functions: the state folded from its events and how each event changes
 * it. Each command is one more pure function `decide(command, state) => events` (or a thrown
 * DomainError) next to the decider. No I/O, clock or randomness: time and ids arrive on commands.
 */
export interface Decider<State, Event extends EventShape> {
  /** Stream category: the stream id is `<category>-<id>`. */
  category: string;
  /**
   * Bump when `evolve` or the state shape changes meaning: snapshots taken under another version
   * are ignored and the state is folded from the events again.
   */
  snapshotVersion: number;
  initialState: State;
  evolve(state: State, event: Event): State;
}

export function fold<State, Event extends EventShape>(decider: Decider<State, Event>, events: Iterable<Event>, from = decider.initialState): State {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** For the `never` check that ends every switch over events or commands. */
export function unreachable(value: never, what = 'case'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
