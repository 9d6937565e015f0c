import { z } from 'zod';
import { defineEvent, typesOf, type EventOf } from '../define-event';
import { quantity, reference, sku, text, uuid } from '../fields';
import { addMoney, formatMoney, multiplyMoney, positiveMoneySchema, zeroMoney, type Money } from '../money';
import { orderPlacedV1 } from './v1/order-placed.v1';
import { orderPlacedV2 } from './v2/order-placed.v2';

const stream = { context: 'ordering', streamCategory: 'order', streamIdField: 'orderId' } as const;
const orderId = () => uuid('Order id; the stream is order-<orderId>');
const exampleOrderId = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';

const orderLine = z.strictObject({
  sku: sku('Product ordered'),
  quantity: quantity('Units ordered'),
  unitPrice: positiveMoneySchema.describe('Unit price copied from the catalogue when the order was placed'),
});

/** Lines are immutable once placed, so a total that disagrees with them is corrupt, not stale. */
function checkTotal(order: { lines: { quantity: number; unitPrice: Money }[]; total: Money }, ctx: z.RefinementCtx): void {
  let sum = zeroMoney(order.total.currency);
  for (const [i, line] of order.lines.entries()) {
    if (line.unitPrice.currency !== order.total.currency) {
      ctx.addIssue({
        code: 'custom',
        path: ['lines', i, 'unitPrice', 'currency'],
        message: `must be the order currency ${order.total.currency}, the currency of total`,
        input: line.unitPrice.currency,
      });
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
    const message = `must equal the sum of unitPrice × quantity over the lines, ${formatMoney(sum)}`;
    ctx.addIssue({ code: 'custom', path: ['total', 'amountMinor'], message, input: order.total.amountMinor });
  }
}

export const orderPlaced = defineEvent({
  ...stream,
  type: 'OrderPlaced',
  schemaVersion: 3,
  description: 'A customer placed an order; its lines and prices are fixed from now on and fulfilment starts.',
  schema: z
    .strictObject({
      orderId: orderId(),
      customerId: uuid('Customer who placed the order'),
      lines: z
        .array(orderLine, { error: 'must be a list of order lines' })
        .min(1, { error: 'must have at least one line' })
        .describe('What was ordered, at which price'),
      total: positiveMoneySchema.describe('Sum of unitPrice × quantity over the lines; every line is in this currency'),
      // Optional because orders placed before v3 have none; the fulfilment process rejects those as paymentDeclined.
      paymentToken: reference(
        'Opaque card token the payment gateway issued to the client, used to authorize the payment; never card data. Absent on orders placed before v3',
      ).optional(),
    })
    // Only against lines that are valid themselves: otherwise every line error also reads as a wrong total.
    .superRefine(checkTotal, { when: (payload) => payload.issues.length === 0 }),
  example: {
    orderId: exampleOrderId,
    customerId: '3b9f6c2a-8d4e-4f1a-b5c7-9e0d1f2a3b4c',
    lines: [
      { sku: 'TSHIRT-RED-M', quantity: 2, unitPrice: { amountMinor: 2499, currency: 'EUR' } },
      { sku: 'MUG-STONEWARE-350', quantity: 1, unitPrice: { amountMinor: 1250, currency: 'EUR' } },
    ],
    total: { amountMinor: 6248, currency: 'EUR' },
    paymentToken: 'tok_visa_4242',
  },
  history: [orderPlacedV1, orderPlacedV2],
});

export const orderConfirmed = defineEvent({
  ...stream,
  type: 'OrderConfirmed',
  schemaVersion: 1,
  description: 'Every line is reserved and the payment authorized; the order waits for shipment.',
  schema: z.strictObject({ orderId: orderId() }),
  example: { orderId: exampleOrderId },
});

export const orderRejected = defineEvent({
  ...stream,
  type: 'OrderRejected',
  schemaVersion: 1,
  description: 'The order could not be fulfilled and is closed for good; nothing will be charged.',
  schema: z.strictObject({
    orderId: orderId(),
    reason: z
      .enum(['outOfStock', 'paymentDeclined', 'reservationExpired'])
      .describe('outOfStock: a line could not be reserved; paymentDeclined: authorization failed or timed out; reservationExpired: stock was not confirmed in time'),
  }),
  example: { orderId: exampleOrderId, reason: 'outOfStock' },
});

export const orderCancelled = defineEvent({
  ...stream,
  type: 'OrderCancelled',
  schemaVersion: 1,
  description: 'The order was cancelled before shipment; reservations are released and the authorization voided.',
  schema: z.strictObject({ orderId: orderId(), reason: text('Why, as given by the customer or an operator') }),
  example: { orderId: exampleOrderId, reason: 'Ordered the wrong size' },
});

export const orderShipped = defineEvent({
  ...stream,
  type: 'OrderShipped',
  schemaVersion: 1,
  description: 'The parcel left the warehouse; stock is committed and the payment captured.',
  schema: z.strictObject({ orderId: orderId(), carrier: text('Carrier that took the parcel, e.g. DHL', 100) }),
  example: { orderId: exampleOrderId, carrier: 'DHL' },
});

export const orderDelivered = defineEvent({
  ...stream,
  type: 'OrderDelivered',
  schemaVersion: 1,
  description: 'The carrier reported the parcel delivered; the order is complete.',
  schema: z.strictObject({ orderId: orderId() }),
  example: { orderId: exampleOrderId },
});

export const orderEvents = [orderPlaced, orderConfirmed, orderRejected, orderCancelled, orderShipped, orderDelivered] as const;
export const orderEventTypes = typesOf(orderEvents);

export type OrderPlaced = EventOf<typeof orderPlaced>;
export type OrderConfirmed = EventOf<typeof orderConfirmed>;
export type OrderRejected = EventOf<typeof orderRejected>;
export type OrderCancelled = EventOf<typeof orderCancelled>;
export type OrderShipped = EventOf<typeof orderShipped>;
export type OrderDelivered = EventOf<typeof orderDelivered>;
export type OrderPlacedData = OrderPlaced['data'];
export type OrderLine = OrderPlacedData['lines'][number];
export type OrderConfirmedData = OrderConfirmed['data'];
export type OrderRejectedData = OrderRejected['data'];
export type OrderCancelledData = OrderCancelled['data'];
export type OrderShippedData = OrderShipped['data'];
export type OrderDeliveredData = OrderDelivered['data'];
export type OrderEvent = EventOf<(typeof orderEvents)[number]>;
export type OrderRejectionReason = OrderRejectedData['reason'];
