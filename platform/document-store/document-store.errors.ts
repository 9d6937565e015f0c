/** A target name that could not be a collection or table name of ours (and so never reaches SQL or the driver). */
export class InvalidTargetNameError extends Error {
  readonly code = 'INVALID_TARGET_NAME';
  constructor(readonly target: unknown) {
    super(
      `Invalid document target ${JSON.stringify(target)}: use 1 to 63 characters of lowercase letters, digits and underscores, starting with a letter (e.g. "order_timeline_g2")`,
    );
    this.name = 'InvalidTargetNameError';
  }
}

/** A field of `data` named in an index, a filter or a sort that is not a plain identifier. */
export class InvalidFieldNameError extends Error {
  readonly code = 'INVALID_FIELD_NAME';
  constructor(readonly field: unknown, readonly usedIn: string) {
    super(
      `Invalid field name ${JSON.stringify(field)} in ${usedIn}: use a top-level field of the document of 1 to 63 letters, digits and underscores, not starting with a digit`,
    );
    this.name = 'InvalidFieldNameError';
  }
}

/** Any other malformed argument: a find query's limit, filter value or direction, a spec, a checkpoint. */
export class InvalidDocumentArgumentError extends Error {
  readonly code = 'INVALID_DOCUMENT_ARGUMENT';
  /** `path` names the argument, e.g. "limit", "where.customerId", "spec.indexes[0]". */
  constructor(readonly path: string, readonly reason: string) {
    super(`Invalid ${path}: ${reason}`);
    this.name = 'InvalidDocumentArgumentError';
  }
}

/** A document handed to putMany that could not be stored as given; the whole batch is refused. */
export class InvalidDocumentError extends Error {
  readonly code = 'INVALID_DOCUMENT';
  constructor(readonly index: number, readonly id: unknown, readonly reason: string) {
    super(`Invalid document at index ${index} (id ${JSON.stringify(id)}): ${reason}; nothing in the batch was written`);
    this.name = 'InvalidDocumentError';
  }
}

/** A write to a target that ensureTarget never created (or that was dropped). */
export class UnknownTargetError extends Error {
  readonly code = 'UNKNOWN_TARGET';
  constructor(readonly target: string) {
    super(`Document target "${target}" does not exist: call ensureTarget("${target}", spec) before writing to it`);
    this.name = 'UnknownTargetError';
  }
}
