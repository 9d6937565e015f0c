import { z } from 'zod';

/*
 * Field builders shared by the current event schemas. Each carries the human message the registry
 * shows when a value is wrong. Tightening a rule here changes every current schema at once, so
 * only ever do it together with a new schema version of the events it would reject.
 * Frozen old versions (vN/ folders) must not use these builders.
 */

/** Marks a field as personal data: the catalogue flags it and error messages never echo it. */
export const PERSONAL_DATA = 'x-personal-data';

export function personalData<S extends z.ZodType>(schema: S): S {
  return schema.meta({ [PERSONAL_DATA]: true });
}

export function isPersonalDataSchema(schema: z.ZodType): boolean {
  return schema.meta()?.[PERSONAL_DATA] === true;
}

export function uuid(description: string) {
  return z.uuid({ error: 'must be a UUID' }).describe(description);
}

/** Ids we do not mint as UUIDs: deterministic ids and references handed out by other systems. */
export function reference(description: string) {
  const error = 'must be 1-200 characters without spaces';
  return z.string({ error }).regex(/^\S{1,200}$/, { error }).describe(description);
}

// Upper case only so that one product cannot exist as two SKUs differing in case; the SKU also
// becomes part of a stream id (`stock-<sku>`), which allows these characters.
const SKU = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;

export function sku(description = 'Stock keeping unit; unique per product') {
  const error = 'must be a SKU: 1-64 upper-case letters, digits, ".", "_" or "-", starting with a letter or digit';
  return z.string({ error }).regex(SKU, { error }).describe(description);
}

export function quantity(description: string) {
  const error = 'must be a positive integer';
  return z.int({ error }).positive({ error }).describe(description);
}

export function count(description: string) {
  const error = 'must be a non-negative integer';
  return z.int({ error }).nonnegative({ error }).describe(description);
}

// UTC only, so that timestamps compare correctly as plain strings in every store and report.
export function instant(description: string) {
  return z.iso.datetime({ error: 'must be an ISO-8601 UTC instant such as 2026-01-31T12:00:00.000Z' }).describe(description);
}

export function text(description: string, maxLength = 500) {
  const error = `must be a non-empty string of at most ${maxLength} characters`;
  return z.string({ error }).min(1, { error }).max(maxLength, { error }).describe(description);
}

export function email(description: string) {
  return personalData(z.email({ error: 'must be an email address such as ada@example.com' }).max(254).describe(description));
}
