/* Test-only sample data for the fulfilment specs: the order, its triggers, recorded facts and intents. */
import type { CompensationReason, FulfilmentEvent, Money, OrderRejectionReason, ReleaseReason } from '../../event-schemas';
import type { FulfilmentPaymentRecordedData, FulfilmentReservationRecordedData } from '../../event-schemas';
import { commandIds, paymentIdFor, reservationIdFor, type FulfilmentIntent, type VoidReason } from './fulfilment.intents';
import type { DeadlineKind, FulfilmentTrigger } from './fulfilment.triggers';

export const orderId = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';
export const customerId = '3b9f6c2a-8d4e-4f1a-b5c7-9e0d1f2a3b4c';
export const paymentId = paymentIdFor(orderId);
export const token = 'tok_visa_4242';
export const eur = (amountMinor: number): Money => ({ amountMinor, currency: 'EUR' });
export const total = eur(6248);

export const SHIRT = 'TSHIRT-RED-M';
export const MUG = 'MUG-STONEWARE-350';
export type Sku = typeof SHIRT | typeof MUG;
const quantities: Record<Sku, number> = { [SHIRT]: 2, [MUG]: 1 };
const lines = [
  { sku: SHIRT, quantity: 2, unitPrice: eur(2499) },
  { sku: MUG, quantity: 1, unitPrice: eur(1250) },
];

export const placedAt = '2026-03-14T10:00:00.000Z';
export const reservationsExpireAt = '2026-03-14T10:15:00.000Z';
/** When the last line was reserved, and the payment deadline 30 s later. */
export const reservedAt = '2026-03-14T10:00:02.000Z';
export const paymentDeadline = '2026-03-14T10:00:32.000Z';
const at = (occurredAt: string) => ({ metadata: { occurredAt } });
const stock = (sku: Sku) => ({ sku, reservationId: reservationIdFor(orderId, sku), orderId, quantity: quantities[sku] });
const payment = { orderId, paymentId, amount: total };

/* Triggers: what the other streams and the scheduler deliver. */
export const on = {
  placed: (paymentToken?: string): FulfilmentTrigger => ({
    type: 'OrderPlaced',
    data: { orderId, customerId, lines, total, ...(paymentToken === undefined ? {} : { paymentToken }) },
    ...at(placedAt),
  }),
  confirmed: (): FulfilmentTrigger => ({ type: 'OrderConfirmed', data: { orderId } }),
  rejected: (reason: OrderRejectionReason): FulfilmentTrigger => ({ type: 'OrderRejected', data: { orderId, reason } }),
  cancelled: (): FulfilmentTrigger => ({ type: 'OrderCancelled', data: { orderId, reason: 'Ordered the wrong size' } }),
  shipped: (): FulfilmentTrigger => ({ type: 'OrderShipped', data: { orderId, carrier: 'DHL' } }),
  reserved: (sku: Sku, occurredAt = reservedAt): FulfilmentTrigger => ({ type: 'StockReserved', data: { ...stock(sku), expiresAt: reservationsExpireAt }, ...at(occurredAt) }),
  reservationRejected: (sku: Sku): FulfilmentTrigger => ({ type: 'StockReservationRejected', data: { ...stock(sku), available: 0 } }),
  released: (sku: Sku, reason: ReleaseReason): FulfilmentTrigger => ({ type: 'StockReservationReleased', data: { ...stock(sku), reason } }),
  committed: (sku: Sku): FulfilmentTrigger => ({ type: 'StockCommitted', data: stock(sku) }),
  authorized: (): FulfilmentTrigger => ({ type: 'PaymentAuthorized', data: { ...payment, gatewayRef: 'auth_4Kq9ZtR2' } }),
  authorizationFailed: (code = 'card_declined'): FulfilmentTrigger => ({ type: 'PaymentAuthorizationFailed', data: { ...payment, code } }),
  voided: (reason: VoidReason): FulfilmentTrigger => ({ type: 'AuthorizationVoided', data: { ...payment, gatewayRef: 'void_1Bc8MqL3', reason } }),
  captured: (): FulfilmentTrigger => ({ type: 'PaymentCaptured', data: { ...payment, gatewayRef: 'cap_7Hn2WxP5' } }),
  deadline: (deadline: DeadlineKind, instant: string): FulfilmentTrigger => ({ type: 'DeadlineReached', data: { orderId, deadline, at: instant } }),
};

/* Facts: what the manager records on fulfilment-<orderId>. */
export const fact = {
  started: (): FulfilmentEvent => ({
    type: 'FulfilmentStarted',
    data: {
      orderId,
      reservations: ([SHIRT, MUG] as const).map((sku) => ({ reservationId: reservationIdFor(orderId, sku), sku, quantity: quantities[sku] })),
      amount: total,
      reservationsExpireAt,
    },
  }),
  reservation: (sku: Sku, status: FulfilmentReservationRecordedData['status']): FulfilmentEvent => ({
    type: 'FulfilmentReservationRecorded',
    data: { orderId, reservationId: reservationIdFor(orderId, sku), sku, status },
  }),
  paymentRequested: (deadline = paymentDeadline): FulfilmentEvent => ({ type: 'FulfilmentPaymentRequested', data: { ...payment, deadline } }),
  payment: (status: FulfilmentPaymentRecordedData['status']): FulfilmentEvent => ({ type: 'FulfilmentPaymentRecorded', data: { orderId, paymentId, status } }),
  shipmentStarted: (): FulfilmentEvent => ({ type: 'FulfilmentShipmentStarted', data: { orderId } }),
  completed: (): FulfilmentEvent => ({ type: 'FulfilmentCompleted', data: { orderId } }),
  compensationStarted: (reason: CompensationReason): FulfilmentEvent => ({ type: 'FulfilmentCompensationStarted', data: { orderId, reason } }),
  compensated: (reason: CompensationReason): FulfilmentEvent => ({ type: 'FulfilmentCompensated', data: { orderId, reason } }),
};

/* Intents: the commands the manager asks for. */
export const ask = {
  reserve: (sku: Sku): FulfilmentIntent => ({ type: 'ReserveStock', commandId: commandIds.reserve(orderId, sku), ...stock(sku), expiresAt: reservationsExpireAt }),
  release: (sku: Sku, reason: ReleaseReason): FulfilmentIntent => ({
    type: 'ReleaseReservation',
    commandId: commandIds.release(orderId, sku),
    sku,
    reservationId: reservationIdFor(orderId, sku),
    reason,
  }),
  commit: (sku: Sku): FulfilmentIntent => ({ type: 'CommitReservation', commandId: commandIds.commit(orderId, sku), sku, reservationId: reservationIdFor(orderId, sku) }),
  authorize: (): FulfilmentIntent => ({ type: 'AuthorizePayment', commandId: commandIds.authorize(orderId), ...payment, paymentToken: token }),
  void: (reason: VoidReason): FulfilmentIntent => ({ type: 'VoidAuthorization', commandId: commandIds.void(orderId), orderId, reason }),
  capture: (): FulfilmentIntent => ({ type: 'CapturePayment', commandId: commandIds.capture(orderId), orderId }),
  confirm: (): FulfilmentIntent => ({ type: 'ConfirmOrder', commandId: commandIds.confirm(orderId), orderId }),
  reject: (reason: OrderRejectionReason): FulfilmentIntent => ({ type: 'RejectOrder', commandId: commandIds.reject(orderId), orderId, reason }),
};

/** The recorded history that leaves the manager at each step of the happy path. */
const reserving = [fact.started()];
const awaitingPayment = [...reserving, fact.reservation(SHIRT, 'reserved'), fact.reservation(MUG, 'reserved'), fact.paymentRequested()];
const confirmed = [...awaitingPayment, fact.payment('authorized')];
export const historyOf = {
  NotStarted: [],
  Reserving: reserving,
  OneLineReserved: [...reserving, fact.reservation(SHIRT, 'reserved')],
  AwaitingPayment: awaitingPayment,
  Confirmed: confirmed,
  Shipping: [...confirmed, fact.shipmentStarted()],
} satisfies Record<string, FulfilmentEvent[]>;
