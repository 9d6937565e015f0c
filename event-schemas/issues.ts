import { z } from 'zod';
import type { EventIssue } from './errors';
import { isPersonalDataSchema } from './fields';

/*
 * Turns zod issues into messages a developer can act on without opening the schema:
 * `lines[0].quantity: must be a positive integer (got 0)`. Field builders in fields.ts set their
 * own message; this map words the rest (missing fields, wrong types, enums, lengths).
 */

const ARTICLE_TYPES: Record<string, string> = {
  array: 'an array',
  int: 'an integer',
  object: 'an object',
};

export const eventErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${ARTICLE_TYPES[issue.expected] ?? `a ${issue.expected}`}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `must be at least ${String(issue.minimum)} character(s) long`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${String(issue.maximum)} item(s)`;
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} character(s) long`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return undefined;
  }
};

const UNKNOWN_FIELD = 'is not a field of this event; remove it, or add the field in a new schema version';

/** Needs the issues of a parse with `reportInput: true`, so that messages can say what was found. */
export function toEventIssues(schema: z.ZodType, error: z.ZodError): EventIssue[] {
  return error.issues.flatMap((issue): EventIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: UNKNOWN_FIELD }));
    }
    const path = formatPath(issue.path);
    // Schemas with their own message (enums, formats) would otherwise word a missing field as a wrong one.
    const missing = issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
    if (missing) return [{ path, message: 'is required' }];
    const found = isPersonalData(schema, issue.path) ? ' (value withheld: personal data)' : describeInput(issue.input, issue.code === 'invalid_type');
    return [{ path, message: issue.message + found }];
  });
}

/** `lines[0].quantity`, the way the field is written in code. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    if (/^[A-Za-z_$][\w$]*$/.test(name)) return text ? `${text}.${name}` : name;
    return `${text}[${JSON.stringify(name)}]`;
  }, '');
}

function describeInput(input: unknown, wrongType: boolean): string {
  if (typeof input === 'string') return ` (got ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)})`;
  if (typeof input === 'number' || typeof input === 'boolean' || input === null) return ` (got ${String(input)})`;
  // Structured values are only worth naming when their kind is the mistake.
  if (wrongType && Array.isArray(input)) return ' (got an array)';
  if (wrongType && typeof input === 'object') return ' (got an object)';
  return '';
}

function isPersonalData(schema: z.ZodType, path: readonly PropertyKey[]): boolean {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject && typeof key === 'string') current = (current.shape as Record<string, z.ZodType>)[key];
    else if (current instanceof z.ZodArray && typeof key === 'number') current = current.element as z.ZodType;
    else return false;
    if (current === undefined) return false;
  }
  return current !== undefined && (isPersonalDataSchema(current) || isPersonalDataSchema(unwrap(current)));
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current;
}
