import { z } from 'zod';
import { defineEvent, typesOf, type EventOf } from '../define-event';
import { instant, quantity, reference, sku, uuid } from '../fields';
import { positiveMoneySchema } from '../money';

/*
 * The order-fulfilment process manager's own stream. It records what the manager decided and
 * which answers it has seen, so that after a restart it knows the step it reached and what it
 * still waits for, without re-reading every other stream. Commands it sends carry ids derived
 * from these facts (`<orderId>:<step>`), which is what makes a replay send nothing twice.
 */

const stream = { context: 'fulfilment', streamCategory: 'fulfilment', streamIdField: 'orderId' } as const;
const orderId = () => uuid('Order being fulfilled; the stream is fulfilment-<orderId>');
const reservationId = () => reference('Reservation id the manager chose for the line: <orderId>:reserve:<sku>');
const exampleOrderId = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';
const examplePaymentId = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const compensationReason = z
  .enum(['cancelled', 'outOfStock', 'paymentDeclined', 'reservationExpired'])
  .describe('Why the order will not ship: cancelled by the customer or an operator, or the reason it was rejected');

export const fulfilmentStarted = defineEvent({
  ...stream,
  type: 'FulfilmentStarted',
  schemaVersion: 1,
  description: 'An order was placed; the manager asked for one stock reservation per line, all pending.',
  schema: z.strictObject({
    orderId: orderId(),
    reservations: z
      .array(
        z.strictObject({
          reservationId: reservationId(),
          sku: sku('SKU to reserve'),
          quantity: quantity('Units to reserve'),
        }),
      )
      .min(1, { error: 'must have at least one reservation' })
      .describe('One reservation per order line'),
    amount: positiveMoneySchema.describe('Order total, to authorize once every line is reserved'),
    reservationsExpireAt: instant('When the reservations lapse unless the order is confirmed and shipped'),
  }),
  example: {
    orderId: exampleOrderId,
    reservations: [
      { reservationId: `${exampleOrderId}:reserve:TSHIRT-RED-M`, sku: 'TSHIRT-RED-M', quantity: 2 },
      { reservationId: `${exampleOrderId}:reserve:MUG-STONEWARE-350`, sku: 'MUG-STONEWARE-350', quantity: 1 },
    ],
    amount: { amountMinor: 6248, currency: 'EUR' },
    reservationsExpireAt: '2026-03-14T10:15:00.000Z',
  },
});

export const fulfilmentReservationRecorded = defineEvent({
  ...stream,
  type: 'FulfilmentReservationRecorded',
  schemaVersion: 1,
  description: 'The manager saw a reservation change state; it moves on once no reservation is pending.',
  schema: z.strictObject({
    orderId: orderId(),
    reservationId: reservationId(),
    sku: sku('SKU of the reservation'),
    status: z
      .enum(['committed', 'expired', 'rejected', 'released', 'reserved'])
      .describe('reserved / rejected answer the request; committed / released / expired end the reservation'),
  }),
  example: { orderId: exampleOrderId, reservationId: `${exampleOrderId}:reserve:TSHIRT-RED-M`, sku: 'TSHIRT-RED-M', status: 'reserved' },
});

export const fulfilmentPaymentRequested = defineEvent({
  ...stream,
  type: 'FulfilmentPaymentRequested',
  schemaVersion: 1,
  description: 'Every line is reserved; the manager asked for the payment authorization and waits until the deadline.',
  schema: z.strictObject({
    orderId: orderId(),
    paymentId: uuid('Payment the authorization was requested for'),
    amount: positiveMoneySchema.describe('Amount to authorize'),
    deadline: instant('After this instant the manager asks the gateway by idempotency key, voids any authorization and treats the payment as declined'),
  }),
  example: { orderId: exampleOrderId, paymentId: examplePaymentId, amount: { amountMinor: 6248, currency: 'EUR' }, deadline: '2026-03-14T10:02:00.000Z' },
});

export const fulfilmentPaymentRecorded = defineEvent({
  ...stream,
  type: 'FulfilmentPaymentRecorded',
  schemaVersion: 1,
  description: 'The manager saw the payment change state: authorized confirms the order, declined or timedOut compensates.',
  schema: z.strictObject({
    orderId: orderId(),
    paymentId: uuid('Payment whose state changed'),
    status: z
      .enum(['authorized', 'captured', 'declined', 'timedOut', 'voided'])
      .describe('timedOut: no answer before the deadline; the rest mirror the payment stream'),
  }),
  example: { orderId: exampleOrderId, paymentId: examplePaymentId, status: 'authorized' },
});

export const fulfilmentShipmentStarted = defineEvent({
  ...stream,
  type: 'FulfilmentShipmentStarted',
  schemaVersion: 1,
  description: 'The order shipped; the manager commits every reservation and captures the payment.',
  schema: z.strictObject({ orderId: orderId() }),
  example: { orderId: exampleOrderId },
});

export const fulfilmentCompleted = defineEvent({
  ...stream,
  type: 'FulfilmentCompleted',
  schemaVersion: 1,
  description: 'Every reservation is committed and the payment captured; the manager is done with the order.',
  schema: z.strictObject({ orderId: orderId() }),
  example: { orderId: exampleOrderId },
});

export const fulfilmentCompensationStarted = defineEvent({
  ...stream,
  type: 'FulfilmentCompensationStarted',
  schemaVersion: 1,
  description: 'The order will not ship; the manager releases every reservation and voids any authorization.',
  schema: z.strictObject({ orderId: orderId(), reason: compensationReason }),
  example: { orderId: exampleOrderId, reason: 'paymentDeclined' },
});

export const fulfilmentCompensated = defineEvent({
  ...stream,
  type: 'FulfilmentCompensated',
  schemaVersion: 1,
  description: 'Every reservation is released and any authorization voided; the manager is done with the order.',
  schema: z.strictObject({ orderId: orderId(), reason: compensationReason }),
  example: { orderId: exampleOrderId, reason: 'paymentDeclined' },
});

export const fulfilmentEvents = [
  fulfilmentStarted,
  fulfilmentReservationRecorded,
  fulfilmentPaymentRequested,
  fulfilmentPaymentRecorded,
  fulfilmentShipmentStarted,
  fulfilmentCompleted,
  fulfilmentCompensationStarted,
  fulfilmentCompensated,
] as const;
export const fulfilmentEventTypes = typesOf(fulfilmentEvents);

export type FulfilmentStarted = EventOf<typeof fulfilmentStarted>;
export type FulfilmentReservationRecorded = EventOf<typeof fulfilmentReservationRecorded>;
export type FulfilmentPaymentRequested = EventOf<typeof fulfilmentPaymentRequested>;
export type FulfilmentPaymentRecorded = EventOf<typeof fulfilmentPaymentRecorded>;
export type FulfilmentShipmentStarted = EventOf<typeof fulfilmentShipmentStarted>;
export type FulfilmentCompleted = EventOf<typeof fulfilmentCompleted>;
export type FulfilmentCompensationStarted = EventOf<typeof fulfilmentCompensationStarted>;
export type FulfilmentCompensated = EventOf<typeof fulfilmentCompensated>;
export type FulfilmentEvent = EventOf<(typeof fulfilmentEvents)[number]>;
export type CompensationReason = z.output<typeof compensationReason>;
export type FulfilmentStartedData = FulfilmentStarted['data'];
export type FulfilmentReservationRecordedData = FulfilmentReservationRecorded['data'];
export type FulfilmentPaymentRequestedData = FulfilmentPaymentRequested['data'];
export type FulfilmentPaymentRecordedData = FulfilmentPaymentRecorded['data'];
export type FulfilmentShipmentStartedData = FulfilmentShipmentStarted['data'];
export type FulfilmentCompletedData = FulfilmentCompleted['data'];
export type FulfilmentCompensationStartedData = FulfilmentCompensationStarted['data'];
export type FulfilmentCompensatedData = FulfilmentCompensated['data'];
