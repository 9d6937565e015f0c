/** Base class so callers can tell search-store errors from everything else. */
export abstract class SearchStoreError extends Error {
  abstract readonly code: string;
}

/** A search request that can never succeed as sent (the read API answers 400 with `field`). */
export class SearchQueryError extends SearchStoreError {
  readonly code = 'INVALID_SEARCH_QUERY';
  constructor(
    /** Where in the query the problem is, e.g. `filters.colour`, `limit`, `sort.field`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid search query: ${field} ${reason}`);
    this.name = 'SearchQueryError';
  }
}

export class InvalidSearchTargetError extends SearchStoreError {
  readonly code = 'INVALID_SEARCH_TARGET';
  constructor(
    readonly target: unknown,
    readonly reason: string,
  ) {
    super(`Invalid search target ${JSON.stringify(target)}: ${reason}`);
    this.name = 'InvalidSearchTargetError';
  }
}

export class SearchTargetNotFoundError extends SearchStoreError {
  readonly code = 'SEARCH_TARGET_NOT_FOUND';
  constructor(readonly target: string) {
    super(`Search target "${target}" does not exist: call ensureTarget(target, spec) first`);
    this.name = 'SearchTargetNotFoundError';
  }
}

export class InvalidIndexSpecError extends SearchStoreError {
  readonly code = 'INVALID_INDEX_SPEC';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid index spec: ${field} ${reason}`);
    this.name = 'InvalidIndexSpecError';
  }
}

/** A target is built once per spec; a changed spec belongs in a new target (the next generation). */
export class IndexSpecConflictError extends SearchStoreError {
  readonly code = 'INDEX_SPEC_CONFLICT';
  constructor(readonly target: string) {
    super(`Search target "${target}" already exists with a different spec: build the changed spec into a new target (bump the projection's version)`);
    this.name = 'IndexSpecConflictError';
  }
}

/** A document, checkpoint or id list handed to the store was malformed; that call wrote nothing. */
export class InvalidSearchArgumentError extends SearchStoreError {
  readonly code = 'INVALID_SEARCH_ARGUMENT';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid search-store argument: ${field} ${reason}`);
    this.name = 'InvalidSearchArgumentError';
  }
}
