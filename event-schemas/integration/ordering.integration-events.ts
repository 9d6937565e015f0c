import { z } from 'zod';
import { moneyField, quantityField, skuField, textField, uuidField } from './contract-fields';
import { defineIntegrationEvent } from './integration-event';

/*
 * The public life of an order. Every event names the customer, so a consumer never has to have
 * seen ordering.order-placed.v1 to act on a later one; confirmed and rejected repeat what was
 * ordered for the same reason (a confirmation email lists it).
 */

const orderId = () => uuidField('The order; also the message key');
const customerId = () => uuidField('Customer who placed the order');
const lines = () =>
  z
    .array(
      z.strictObject({
        sku: skuField('Product ordered'),
        quantity: quantityField('Units ordered'),
        unitPrice: moneyField('Price of one unit when the order was placed'),
      }),
      { error: 'must be a list of order lines' },
    )
    .min(1)
    .describe('What was ordered, at which price');
const total = () => moneyField('Sum of unitPrice × quantity over the lines');

const exampleOrder = {
  orderId: '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6',
  customerId: '3b9f6c2a-8d4e-4f1a-b5c7-9e0d1f2a3b4c',
};
const exampleLines = [
  { sku: 'TSHIRT-RED-M', quantity: 2, unitPrice: { amountMinor: 2499, currency: 'EUR' } },
  { sku: 'MUG-STONEWARE-350', quantity: 1, unitPrice: { amountMinor: 1250, currency: 'EUR' } },
];
const exampleTotal = { amountMinor: 6248, currency: 'EUR' };

export const orderPlacedV1 = defineIntegrationEvent({
  type: 'ordering.order-placed.v1',
  keyField: 'orderId',
  description: 'A customer placed an order. It is not accepted yet: stock and payment are checked next, and order-confirmed or order-rejected follows.',
  schema: z.strictObject({ orderId: orderId(), customerId: customerId(), lines: lines(), total: total() }),
  example: { ...exampleOrder, lines: exampleLines, total: exampleTotal },
});

export const orderConfirmedV1 = defineIntegrationEvent({
  type: 'ordering.order-confirmed.v1',
  keyField: 'orderId',
  description: 'The order is accepted: every line is reserved and the payment authorized. It waits for shipment.',
  schema: z.strictObject({ orderId: orderId(), customerId: customerId(), lines: lines(), total: total() }),
  example: { ...exampleOrder, lines: exampleLines, total: exampleTotal },
});

export const orderRejectedV1 = defineIntegrationEvent({
  type: 'ordering.order-rejected.v1',
  keyField: 'orderId',
  description: 'The order could not be accepted and is closed for good; nothing is charged.',
  schema: z.strictObject({
    orderId: orderId(),
    customerId: customerId(),
    reason: z
      .enum(['outOfStock', 'paymentDeclined', 'reservationExpired'], { error: 'must be outOfStock, paymentDeclined or reservationExpired' })
      .describe('outOfStock: a line could not be reserved; paymentDeclined: the payment was declined or never answered; reservationExpired: the order was not confirmed in time'),
    lines: lines(),
    total: total(),
  }),
  example: { ...exampleOrder, reason: 'paymentDeclined', lines: exampleLines, total: exampleTotal },
});

export const orderCancelledV1 = defineIntegrationEvent({
  type: 'ordering.order-cancelled.v1',
  keyField: 'orderId',
  description: 'The order was cancelled before it shipped; reserved stock is released and the payment voided.',
  schema: z.strictObject({ orderId: orderId(), customerId: customerId(), reason: textField('Why, as given by the customer or an operator') }),
  example: { ...exampleOrder, reason: 'Ordered the wrong size' },
});

export const orderShippedV1 = defineIntegrationEvent({
  type: 'ordering.order-shipped.v1',
  keyField: 'orderId',
  description: 'The parcel left the warehouse with a carrier; the payment is captured.',
  schema: z.strictObject({ orderId: orderId(), customerId: customerId(), carrier: textField('Carrier that took the parcel, e.g. DHL', 100) }),
  example: { ...exampleOrder, carrier: 'DHL' },
});

export const orderDeliveredV1 = defineIntegrationEvent({
  type: 'ordering.order-delivered.v1',
  keyField: 'orderId',
  description: 'The carrier reported the parcel delivered; the order is complete.',
  schema: z.strictObject({ orderId: orderId(), customerId: customerId() }),
  example: exampleOrder,
});

export const orderingIntegrationEvents = [orderPlacedV1, orderConfirmedV1, orderRejectedV1, orderCancelledV1, orderShippedV1, orderDeliveredV1] as const;
