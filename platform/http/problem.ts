import { z } from 'zod';
import { eventErrorMap } from '../../event-schemas/issues';

/** One wrong field: its path in the request (e.g. `lines[0].quantity`) and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The body of every error response: the HTTP status, a stable machine-readable `code` clients
 * can switch on, a human `message` saying what was wrong and what to do, and, for bad input,
 * each wrong field.
 */
export interface Problem {
  status: number;
  code: string;
  message: string;
  errors?: FieldError[];
  [detail: string]: unknown;
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem.message);
    this.name = 'ProblemError';
  }
}

export function fieldPath(path: readonly PropertyKey[], root?: string): string {
  let out = root ?? '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || '(body)';
}

/** Validates input against a zod schema; a failure lists every wrong field in a 400 problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path' | 'header' = 'body'): z.infer<S> {
  const result = schema.safeParse(input, { error: eventErrorMap });
  if (result.success) return result.data;
  const root = where === 'body' ? undefined : where;
  const errors = result.error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldPath([...issue.path, key], root), message: 'is not a known field' }))
      : [{ field: fieldPath(issue.path, root), message: issue.input === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message }],
  );
  throw new ProblemError({
    status: 400,
    code: 'VALIDATION_FAILED',
    message: `The request ${where} is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
    errors,
  });
}
