/**
 * Why an operator action was turned down. `kind` says how a caller should read it (the HTTP
 * layer maps it to 400, 404 or 409); `code` is stable for scripts; `field` names the bad input.
 * Every refusal is raised before anything changed.
 */
export type OperatorErrorKind = 'invalid' | 'not-found' | 'conflict';

export type OperatorErrorCode =
  | 'INVALID_POSITION'
  | 'INVALID_DEAD_LETTER_ID'
  | 'INVALID_STATUS'
  | 'INVALID_ACTOR'
  | 'PROJECTION_NOT_FOUND'
  | 'DEAD_LETTER_NOT_FOUND'
  | 'PROJECTION_NOT_BUILT'
  | 'PROJECTION_STOPPED'
  | 'RESET_AHEAD_OF_CHECKPOINT'
  | 'DEAD_LETTER_NOT_PENDING'
  | 'DEAD_LETTER_NOT_NEXT'
  | 'DEAD_LETTER_BEHIND_CHECKPOINT'
  | 'GENERATION_RETIRED'
  | 'NO_PENDING_DEAD_LETTERS'
  | 'WORKER_STILL_ACTIVE';

export class OperatorError extends Error {
  constructor(
    readonly kind: OperatorErrorKind,
    readonly code: OperatorErrorCode,
    message: string,
    readonly details: { field?: string } & Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}
