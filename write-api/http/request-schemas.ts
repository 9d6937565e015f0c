import { z } from 'zod';
import { email, quantity, sku, text, uuid } from '../../event-schemas/fields';
import { positiveMoneySchema } from '../../event-schemas/money';

/*
 * What clients send. Field rules come from the event schemas, so a request that passes here
 * decides events that pass there; business rules (discontinued, stock, state) are the deciders'.
 */

export const productIdParam = z.strictObject({ id: uuid('Product id, as returned by POST /products') });
export const orderIdParam = z.strictObject({ id: uuid('Order id, as returned by POST /orders') });
export const skuParam = z.strictObject({ sku: sku('SKU of the stock item') });

export const defineProductBody = z.strictObject({
  sku: sku(),
  name: text('Product name shown to customers', 200),
  description: text('Product description', 5000),
  category: text('Category used for browsing and facets', 100),
  price: positiveMoneySchema.describe('Unit price in minor units, e.g. { "amountMinor": 1299, "currency": "EUR" } for 12.99 EUR'),
});

export const changePriceBody = z.strictObject({ price: positiveMoneySchema.describe('The new unit price, in the product’s currency') });
export const emptyBody = z.strictObject({}).optional();

export const receiveStockBody = z.strictObject({ quantity: quantity('Units received') });

export const adjustStockBody = z.strictObject({
  delta: z
    .int({ error: 'must be a non-zero integer' })
    .refine((d) => d !== 0, { error: 'must be a non-zero integer' })
    .describe('Units added (positive) or removed (negative), e.g. -3 after a stock count'),
  reason: text('Why, e.g. "stock count 2026-01"', 200),
});

export const registerCustomerBody = z.strictObject({
  email: email('Email address; unique across customers'),
  name: text('Full name', 200),
});

export const placeOrderBody = z.strictObject({
  customerId: uuid('Customer placing the order; a customer token may only use its own id'),
  lines: z
    .array(z.strictObject({ sku: sku('Product to order'), quantity: quantity('Units') }), { error: 'must be a list of order lines' })
    .min(1, { error: 'must have at least one line' })
    .max(100, { error: 'must have at most 100 lines' })
    .describe('What to order; prices are taken from the catalogue at placement'),
  payment: z
    .strictObject({ token: z.string({ error: 'must be a string' }).regex(/^\S{1,200}$/, { error: 'must be 1-200 characters without spaces' }).describe('Card token from the payment gateway (never card data)') })
    .describe('How the order is paid'),
});

export const cancelOrderBody = z.strictObject({ reason: text('Why the order is cancelled', 500) });
export const shipOrderBody = z.strictObject({ carrier: text('Carrier taking the parcel, e.g. DHL', 100) });

/** The answer to every accepted command. */
export const commandAccepted = z.strictObject({
  id: z.string().describe('Id of the resource created or addressed'),
  revision: z.int().describe('Its stream revision after the command'),
  position: z.string().nullable().describe('Global position of the append; pass it as X-Min-Position to the read API to read your own write'),
});
