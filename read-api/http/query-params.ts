import { z } from 'zod';
import { sku, uuid } from '../../event-schemas/fields';
import { SUPPORTED_CURRENCIES } from '../../event-schemas/money';

/*
 * Query-string and path parameters as clients send them (always strings), with the rules and
 * messages of the write API's request schemas, so a bad value gets a 400 naming the parameter.
 */

export const MAX_PAGE = 100;

/** An integer in [min, max] from a query string; `fallback` when absent. */
export function integerParam(description: string, min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  return z
    .string({ error })
    .regex(/^-?\d{1,15}$/, { error })
    .transform(Number)
    .pipe(z.int({ error }).min(min, { error }).max(max, { error }))
    .describe(description);
}

export const limitParam = integerParam(`Page size, 1 to ${MAX_PAGE} (default 20)`, 1, MAX_PAGE).optional();
export const cursorParam = z
  .string({ error: 'must be the "next" value of the previous page' })
  .min(1, { error: 'must be the "next" value of the previous page' })
  .max(2000, { error: 'must be the "next" value of the previous page' })
  .optional()
  .describe('The "next" value of the previous page; absent for the first page');

export const instantParam = (description: string) =>
  z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant such as 2026-01-31T12:00:00Z' }).describe(description);

export const orderIdParam = z.strictObject({ id: uuid('Order id, as returned by POST /orders') });
export const customerIdParam = z.strictObject({ id: uuid('Customer id (a customer token’s subject)') });
export const productIdParam = z.strictObject({ id: uuid('Product id, as returned by POST /products') });
export const skuParam = z.strictObject({ sku: sku('SKU of the stock item') });

export const moneyView = z
  .object({ amountMinor: z.int().describe('Amount in minor units, e.g. 1250 for 12.50 EUR'), currency: z.enum(SUPPORTED_CURRENCIES).describe('ISO-4217 code') })
  .meta({ title: 'Money' });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    next: z.string().nullable().describe('Cursor of the next page (pass it as ?cursor=); null on the last page'),
  });

export const pageParams = z.strictObject({ cursor: cursorParam, limit: limitParam });
