import { z } from 'zod';
import { defineEvent, typesOf, type EventOf } from '../define-event';
import { count, instant, quantity, reference, sku, text, uuid } from '../fields';

const stream = { context: 'inventory', streamCategory: 'stock', streamIdField: 'sku' } as const;
const stockSku = () => sku('SKU of the stock item; the stream is stock-<sku>');
const reservationId = () => reference('Reservation id chosen by the process manager, e.g. <orderId>:reserve:<sku>; reserving twice with it is a no-op');
const orderId = () => uuid('Order the reservation is for');

const reservation = {
  sku: 'TSHIRT-RED-M',
  reservationId: '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6:reserve:TSHIRT-RED-M',
  orderId: '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6',
  quantity: 2,
};

export const stockReceived = defineEvent({
  ...stream,
  type: 'StockReceived',
  schemaVersion: 1,
  description: 'Goods arrived at the warehouse; on hand and available grow by the quantity.',
  schema: z.strictObject({ sku: stockSku(), quantity: quantity('Units received') }),
  example: { sku: 'TSHIRT-RED-M', quantity: 120 },
});

export const stockAdjusted = defineEvent({
  ...stream,
  type: 'StockAdjusted',
  schemaVersion: 1,
  description: 'On-hand stock was corrected by hand (count, damage, loss); never below what is reserved.',
  schema: z.strictObject({
    sku: stockSku(),
    quantityDelta: z
      .int({ error: 'must be a non-zero integer' })
      .refine((delta) => delta !== 0, { error: 'must be a non-zero integer' })
      .describe('Units added (positive) or removed (negative)'),
    reason: text('Why, as entered by the warehouse, e.g. "stock count 2026-01"', 200),
  }),
  example: { sku: 'TSHIRT-RED-M', quantityDelta: -3, reason: 'damaged in storage' },
});

export const stockReserved = defineEvent({
  ...stream,
  type: 'StockReserved',
  schemaVersion: 1,
  description: 'Units were set aside for an order line until committed at shipment, released, or expired.',
  schema: z.strictObject({
    sku: stockSku(),
    reservationId: reservationId(),
    orderId: orderId(),
    quantity: quantity('Units set aside'),
    expiresAt: instant('When the reservation lapses unless committed first'),
  }),
  example: { ...reservation, expiresAt: '2026-03-14T10:15:00.000Z' },
});

export const stockReservationRejected = defineEvent({
  ...stream,
  type: 'StockReservationRejected',
  schemaVersion: 1,
  description: 'Not enough stock was available for an order line, so nothing was set aside.',
  schema: z.strictObject({
    sku: stockSku(),
    reservationId: reservationId(),
    orderId: orderId(),
    quantity: quantity('Units requested'),
    available: count('Units available when the request was refused'),
  }),
  example: { ...reservation, available: 1 },
});

export const stockReservationReleased = defineEvent({
  ...stream,
  type: 'StockReservationReleased',
  schemaVersion: 1,
  description: 'A reservation ended without shipping; its units are available again.',
  schema: z.strictObject({
    sku: stockSku(),
    reservationId: reservationId(),
    orderId: orderId(),
    quantity: quantity('Units returned to available'),
    reason: z
      .enum(['cancelled', 'expired', 'paymentFailed', 'rejected'])
      .describe('cancelled: order cancelled; expired: not committed in time; paymentFailed: payment declined; rejected: order rejected for another reason (e.g. another line out of stock)'),
  }),
  example: { ...reservation, reason: 'paymentFailed' },
});

export const stockCommitted = defineEvent({
  ...stream,
  type: 'StockCommitted',
  schemaVersion: 1,
  description: 'Reserved units left with a shipment; on hand and reserved both drop by the quantity.',
  schema: z.strictObject({
    sku: stockSku(),
    reservationId: reservationId(),
    orderId: orderId(),
    quantity: quantity('Units shipped'),
  }),
  example: reservation,
});

export const lowStockDetected = defineEvent({
  ...stream,
  type: 'LowStockDetected',
  schemaVersion: 1,
  description: 'Available stock fell below the reorder threshold; purchasing should restock.',
  schema: z.strictObject({
    sku: stockSku(),
    available: count('Units available after the change that crossed the threshold'),
    threshold: count('Reorder threshold in force'),
  }),
  example: { sku: 'TSHIRT-RED-M', available: 4, threshold: 5 },
});

export const stockEvents = [
  stockReceived,
  stockAdjusted,
  stockReserved,
  stockReservationRejected,
  stockReservationReleased,
  stockCommitted,
  lowStockDetected,
] as const;
export const stockEventTypes = typesOf(stockEvents);

export type StockReceived = EventOf<typeof stockReceived>;
export type StockAdjusted = EventOf<typeof stockAdjusted>;
export type StockReserved = EventOf<typeof stockReserved>;
export type StockReservationRejected = EventOf<typeof stockReservationRejected>;
export type StockReservationReleased = EventOf<typeof stockReservationReleased>;
export type StockCommitted = EventOf<typeof stockCommitted>;
export type LowStockDetected = EventOf<typeof lowStockDetected>;
export type StockReceivedData = StockReceived['data'];
export type StockAdjustedData = StockAdjusted['data'];
export type StockReservedData = StockReserved['data'];
export type StockReservationRejectedData = StockReservationRejected['data'];
export type StockReservationReleasedData = StockReservationReleased['data'];
export type StockCommittedData = StockCommitted['data'];
export type LowStockDetectedData = LowStockDetected['data'];
export type StockEvent = EventOf<(typeof stockEvents)[number]>;
export type ReleaseReason = StockReservationReleasedData['reason'];
