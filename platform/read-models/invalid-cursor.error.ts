/** A page cursor that did not come from this store (or was edited). */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor(readonly cursor: string) {
    super(`Invalid cursor ${JSON.stringify(cursor)}: pass the "next" value of the previous page unchanged`);
    this.name = 'InvalidCursorError';
  }
}
