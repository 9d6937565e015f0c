import type { DeadLetter, DeadLetters } from './dead-letters';
import { OperatorError } from './operator-errors';
import { parseDeadLetterId } from './operator-input';
import type { Generation } from './projection-registry';

/** The pending dead letters of a projection's live and building generations; refused when there are none. */
export async function pendingOf(deadLetters: DeadLetters, name: string, gens: Generation[]): Promise<DeadLetter[]> {
  const pending = (await deadLetters.list(name, 'pending')).filter((l) => gens.some((g) => g.generation === l.generation));
  if (!pending.length) throw new OperatorError('conflict', 'NO_PENDING_DEAD_LETTERS', `${name} has no pending dead letters on its live or building generation`);
  return pending;
}

/** The pending dead letter an operator named, or why it cannot be acted on. */
export async function pendingLetter(deadLetters: DeadLetters, name: string, rawId: unknown): Promise<DeadLetter> {
  const id = parseDeadLetterId(rawId);
  const letter = await deadLetters.get(id);
  if (!letter || letter.projection !== name) {
    throw new OperatorError('not-found', 'DEAD_LETTER_NOT_FOUND', `${name} has no dead letter ${id}; list them with commerce projections dead-letters ${name}`, { field: 'id' });
  }
  if (letter.status !== 'pending') {
    throw new OperatorError('conflict', 'DEAD_LETTER_NOT_PENDING', `Dead letter ${id} was already ${letter.status}${letter.resolvedBy ? ` by ${letter.resolvedBy}` : ''}`, { field: 'id', status: letter.status });
  }
  return letter;
}

/** The live or building generation a dead letter belongs to; refused when readers no longer use it. */
export function generationOf(letter: DeadLetter, gens: Generation[]): Generation {
  const g = gens.find((x) => x.generation === letter.generation);
  if (!g) {
    throw new OperatorError('conflict', 'GENERATION_RETIRED', `Dead letter ${letter.id} belongs to generation ${letter.generation} of ${letter.projection}, which readers no longer use; nothing to retry or skip there`, { field: 'id' });
  }
  return g;
}
