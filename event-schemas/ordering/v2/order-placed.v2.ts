import { z } from 'zod';
import { freezeVersion } from '../../define-event';
import { addMoney, formatMoney, multiplyMoney, zeroMoney, type Money } from '../../money';

/*
 * OrderPlaced as version 2 wrote it: lines and total, no payment token. Frozen: this schema must
 * accept exactly what v2 stored, forever, so it uses plain zod and none of the shared field
 * builders, which move with the current version. The descriptions are kept so that the
 * catalogue's JSON Schema of v2 stays what it was when v2 was current.
 */

const uuid = (description: string) => z.uuid({ error: 'must be a UUID' }).describe(description);

const moneyV2 = z
  .strictObject({
    amountMinor: z
      .int({ error: 'must be a safe integer number of minor units, e.g. 1250 for 12.50 EUR (no decimals)' })
      .positive({ error: 'must be greater than zero' })
      .describe('Amount in minor units of the currency (cents, pence; yen have none)'),
    currency: z.enum(['BHD', 'CHF', 'EUR', 'GBP', 'JPY', 'KWD', 'PLN', 'SEK', 'USD']).describe('ISO-4217 code, upper case'),
  })
  .meta({ title: 'Money' });

const lineV2 = z.strictObject({
  sku: z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/).describe('Product ordered'),
  quantity: z.int().positive().describe('Units ordered'),
  unitPrice: moneyV2.describe('Unit price copied from the catalogue when the order was placed'),
});

/** v2's rule, frozen with it: the total is the sum of the lines, all in the total's currency. */
function checkTotalV2(order: { lines: { quantity: number; unitPrice: Money }[]; total: Money }, ctx: z.RefinementCtx): void {
  let sum = zeroMoney(order.total.currency);
  for (const [i, line] of order.lines.entries()) {
    if (line.unitPrice.currency !== order.total.currency) {
      ctx.addIssue({ code: 'custom', path: ['lines', i, 'unitPrice', 'currency'], message: `must be the order currency ${order.total.currency}`, input: line.unitPrice.currency });
      return;
    }
    try {
      sum = addMoney(sum, multiplyMoney(line.unitPrice, line.quantity));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      ctx.addIssue({ code: 'custom', path: ['lines', i, 'quantity'], message: 'makes the order total exceed the safe integer range', input: line.quantity });
      return;
    }
  }
  if (sum.amountMinor !== order.total.amountMinor) {
    ctx.addIssue({ code: 'custom', path: ['total', 'amountMinor'], message: `must equal the sum of the lines, ${formatMoney(sum)}`, input: order.total.amountMinor });
  }
}

export const orderPlacedV2Schema = z
  .strictObject({
    orderId: uuid('Order id; the stream is order-<orderId>'),
    customerId: uuid('Customer who placed the order'),
    lines: z.array(lineV2).min(1).describe('What was ordered, at which price'),
    total: moneyV2.describe('Sum of unitPrice × quantity over the lines; every line is in this currency'),
  })
  .superRefine(checkTotalV2, { when: (payload) => payload.issues.length === 0 });

export type OrderPlacedV2Data = z.output<typeof orderPlacedV2Schema>;

/**
 * v3 adds the card token the client sent with the order. Orders placed before v3 never had one,
 * so there is nothing to fill in: the payload is v3 as it is, without `paymentToken`.
 * The return type is inferred; defineEvent checks it against the current schema at compile time.
 */
export function upcastOrderPlacedV2(v2: OrderPlacedV2Data) {
  return v2;
}

export const orderPlacedV2 = freezeVersion({
  schemaVersion: 2,
  schema: orderPlacedV2Schema,
  change: 'v3 added the optional `paymentToken`; the upcaster leaves it out, since orders placed before v3 carried none.',
  upcast: upcastOrderPlacedV2,
});
