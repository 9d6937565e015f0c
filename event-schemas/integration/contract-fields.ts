import { z } from 'zod';
import { PERSONAL_DATA } from '../fields';

/*
 * Field rules of the public integration contract, deliberately separate from the domain's
 * builders in ../fields.ts: a published type such as `ordering.order-confirmed.v1` must keep
 * accepting and producing exactly what it did when consumers started relying on it, whatever the
 * domain does to its own rules later. A rule that has to change is a new builder, used only by the
 * next version of the types that need it.
 */

export function personal<S extends z.ZodType>(schema: S): S {
  return schema.meta({ [PERSONAL_DATA]: true });
}

export function uuidField(description: string) {
  return z.uuid({ error: 'must be a UUID' }).describe(description);
}

export function skuField(description: string) {
  const error = 'must be a SKU: 1-64 upper-case letters, digits, ".", "_" or "-", starting with a letter or digit';
  return z.string({ error }).regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, { error }).describe(description);
}

export function quantityField(description: string) {
  const error = 'must be a positive integer';
  return z.int({ error }).positive({ error }).describe(description);
}

export function countField(description: string) {
  const error = 'must be a non-negative integer';
  return z.int({ error }).nonnegative({ error }).describe(description);
}

export function textField(description: string, maxLength = 500) {
  const error = `must be a non-empty string of at most ${maxLength} characters`;
  return z.string({ error }).min(1, { error }).max(maxLength, { error }).describe(description);
}

export function instantField(description: string) {
  return z.iso.datetime({ error: 'must be an ISO-8601 UTC instant such as 2026-01-31T12:00:00.000Z' }).describe(description);
}

/** Any ISO-4217 code: a currency the platform adds later must not break a published version. */
export function moneyField(description: string) {
  return z
    .strictObject({
      amountMinor: z
        .int({ error: 'must be a positive safe integer number of minor units' })
        .positive({ error: 'must be a positive safe integer number of minor units' })
        .describe('Amount in minor units of the currency (cents; yen have none)'),
      currency: z.string({ error: 'must be an ISO-4217 code such as EUR' }).regex(/^[A-Z]{3}$/, { error: 'must be an ISO-4217 code such as EUR' }).describe('ISO-4217 code, upper case'),
    })
    .meta({ title: 'Money', description });
}

export function emailField(description: string) {
  return personal(z.email({ error: 'must be an email address such as ada@example.com' }).max(254).describe(description));
}
