import { ProblemError } from '../../platform/http/problem';
import { OperatorError } from '../../projections/runtime/operator-errors';

// Where each input of the service arrives over HTTP, so a 400 names it as the client sent it.
const FIELDS: Record<string, string> = { id: 'path.id', name: 'path.name', status: 'query.status', toPosition: 'toPosition' };
const STATUS = { invalid: 400, 'not-found': 404, conflict: 409 } as const;

/** Runs an operator action; its refusals become problems with the service's code (400, 404 or 409). */
export async function asProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof OperatorError)) throw error;
    const { field, ...details } = error.details;
    const status = STATUS[error.kind];
    const errors = status === 400 && field ? [{ field: FIELDS[field] ?? field, message: error.message }] : undefined;
    throw new ProblemError({ ...details, status, code: error.code, message: error.message, ...(errors ? { errors } : {}) });
  }
}

export const operatorErrors = {
  400: 'INVALID_POSITION, INVALID_DEAD_LETTER_ID or a bad parameter (VALIDATION_FAILED)',
  404: 'PROJECTION_NOT_FOUND or DEAD_LETTER_NOT_FOUND',
  409: 'The projection’s state forbids it: PROJECTION_NOT_BUILT, PROJECTION_STOPPED, RESET_AHEAD_OF_CHECKPOINT, DEAD_LETTER_NOT_PENDING, DEAD_LETTER_NOT_NEXT, DEAD_LETTER_BEHIND_CHECKPOINT, GENERATION_RETIRED, NO_PENDING_DEAD_LETTERS or WORKER_STILL_ACTIVE',
};
