/** One reason a payload was refused: `lines[0].quantity` and `must be a positive integer (got 0)`. */
export interface EventIssue {
  /** Field path in JS notation; empty when the payload as a whole is wrong. */
  readonly path: string;
  readonly message: string;
}

/** Base class so callers can tell schema errors from everything else. */
export abstract class EventSchemaError extends Error {
  abstract readonly code: string;
}

/**
 * Where validation failed: a new event from a decider (encode), a stored payload against its own
 * version's schema (decode), or an upcaster's output against the next version (upcast).
 */
export type ValidationStage = 'encode' | 'decode' | 'upcast';

const MAX_ISSUES_IN_MESSAGE = 10;

export class EventValidationError extends EventSchemaError {
  readonly code = 'EVENT_VALIDATION_FAILED';
  constructor(
    readonly eventType: string,
    /** The version whose schema refused the payload. */
    readonly schemaVersion: number,
    readonly issues: readonly EventIssue[],
    readonly stage: ValidationStage = 'encode',
  ) {
    super(`${subject(eventType, schemaVersion, stage)}: ${listIssues(issues)}${advice(schemaVersion, stage)}`);
    this.name = 'EventValidationError';
  }
}

function subject(type: string, version: number, stage: ValidationStage): string {
  if (stage === 'decode') return `Stored ${type} v${version} is invalid`;
  if (stage === 'upcast') return `${type} upcast from v${version - 1} to v${version} is invalid`;
  return `${type} is invalid`;
}

function listIssues(issues: readonly EventIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const hidden = issues.length - shown.length;
  return shown.join('; ') + (hidden > 0 ? `; and ${hidden} more` : '');
}

function advice(version: number, stage: ValidationStage): string {
  if (stage === 'decode') return ` (stored events are immutable: if v${version} really wrote this, the v${version} schema must be widened to accept it)`;
  if (stage === 'upcast') return ` (fix the upcaster from v${version - 1})`;
  return '';
}

export class UnknownEventTypeError extends EventSchemaError {
  readonly code = 'UNKNOWN_EVENT_TYPE';
  readonly hint: string;
  constructor(
    readonly eventType: string,
    readonly knownTypes: readonly string[],
  ) {
    const guess = closest(eventType, knownTypes);
    const hint =
      (guess ? `Did you mean ${guess}? ` : '') +
      `Known event types: ${knownTypes.join(', ')}. A new event needs a schema in event-schemas/ and an entry in domain-event.ts.`;
    super(`Unknown event type ${JSON.stringify(eventType)}. ${hint}`);
    this.hint = hint;
    this.name = 'UnknownEventTypeError';
  }
}

/** A stored version this registry cannot read: newer than the code, or not a version at all. */
export class UnsupportedSchemaVersionError extends EventSchemaError {
  readonly code = 'UNSUPPORTED_SCHEMA_VERSION';
  constructor(
    readonly eventType: string,
    readonly schemaVersion: unknown,
    readonly currentVersion: number,
  ) {
    super(
      typeof schemaVersion === 'number' && Number.isSafeInteger(schemaVersion) && schemaVersion > currentVersion
        ? `${eventType} v${schemaVersion} was written by a newer release; this one reads up to v${currentVersion}. Upgrade the service before it reads these events.`
        : `${eventType} schemaVersion ${JSON.stringify(schemaVersion)} is not a version: expected an integer from 1 to ${currentVersion}.`,
    );
    this.name = 'UnsupportedSchemaVersionError';
  }
}

/** An upcaster threw. Its input had passed the frozen schema, so this is a bug in the upcaster. */
export class EventUpcastError extends EventSchemaError {
  readonly code = 'EVENT_UPCAST_FAILED';
  constructor(
    readonly eventType: string,
    readonly fromVersion: number,
    cause: unknown,
  ) {
    super(`Upcasting ${eventType} from v${fromVersion} to v${fromVersion + 1} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'EventUpcastError';
  }
}

/** A likely typo: case-insensitive match, else the one known type within edit distance 2. */
function closest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  const near = candidates.filter((c) => Math.abs(c.length - input.length) <= 2 && editDistance(c.toLowerCase(), lower) <= 2);
  return near.length === 1 ? near[0] : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
