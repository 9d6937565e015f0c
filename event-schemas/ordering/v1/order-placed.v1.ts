import { z } from 'zod';
import { freezeVersion } from '../../define-event';
import { multiplyMoney, sumMoney, type CurrencyCode } from '../../money';
import type { OrderPlacedV2Data } from '../v2/order-placed.v2';

/*
 * OrderPlaced as version 1 wrote it: lines only, no total. Frozen: this schema must accept exactly
 * what v1 stored, forever, so it uses plain zod and none of the shared field builders, which
 * move with the current version.
 */

const moneyV1 = z.strictObject({
  amountMinor: z.int().positive(),
  currency: z.enum(['BHD', 'CHF', 'EUR', 'GBP', 'JPY', 'KWD', 'PLN', 'SEK', 'USD']),
});

export const orderPlacedV1Schema = z
  .strictObject({
    orderId: z.uuid(),
    customerId: z.uuid(),
    lines: z
      .array(
        z.strictObject({
          sku: z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/),
          quantity: z.int().positive(),
          unitPrice: moneyV1,
        }),
      )
      .min(1),
  })
  // v1 priced every line in the customer's currency, which is what lets the upcaster pick it.
  .refine((order) => order.lines.every((line) => line.unitPrice.currency === order.lines[0]?.unitPrice.currency), {
    error: 'all lines must share one currency',
    path: ['lines'],
  });

export type OrderPlacedV1Data = z.output<typeof orderPlacedV1Schema>;

/** v2 stores the total the customer agreed to; for v1 it is exactly the sum of the lines.
 * Returns the frozen v2 shape (the registry then upcasts v2 to the current version): defineEvent
 * only checks the newest upcaster against the current schema, so this one is typed by hand.
 */
export function upcastOrderPlacedV1(v1: OrderPlacedV1Data): OrderPlacedV2Data {
  const [first] = v1.lines;
  if (first === undefined) throw new Error('OrderPlaced v1 without lines; the v1 schema should have refused it');
  const currency: CurrencyCode = first.unitPrice.currency;
  return {
    orderId: v1.orderId,
    customerId: v1.customerId,
    lines: v1.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, unitPrice: { ...line.unitPrice } })),
    total: sumMoney(
      currency,
      v1.lines.map((line) => multiplyMoney(line.unitPrice, line.quantity)),
    ),
  };
}

export const orderPlacedV1 = freezeVersion({
  schemaVersion: 1,
  schema: orderPlacedV1Schema,
  change: 'v2 added `total`; the upcaster computes it as the sum of unitPrice × quantity over the lines, in their currency.',
  upcast: upcastOrderPlacedV1,
});
