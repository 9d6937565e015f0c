import type { AuthorizationVoidedData, Money, OrderRejectionReason, ReleaseReason } from '../../event-schemas';
import { deterministicUuid } from '../../platform/ids';

/*
 * The commands the manager asks for, as plain data: the runtime maps them onto the command bus.
 * Every command id is derived from the order (and the SKU), never from time or chance, so
 * sending an intent again is the same command again, which the handlers treat as a no-op.
 */

export type VoidReason = AuthorizationVoidedData['reason'];

export type FulfilmentIntent =
  | { type: 'ReserveStock'; commandId: string; sku: string; reservationId: string; orderId: string; quantity: number; expiresAt: string }
  | { type: 'ReleaseReservation'; commandId: string; sku: string; reservationId: string; reason: ReleaseReason }
  | { type: 'CommitReservation'; commandId: string; sku: string; reservationId: string }
  | { type: 'AuthorizePayment'; commandId: string; orderId: string; paymentId: string; amount: Money; paymentToken: string }
  | { type: 'VoidAuthorization'; commandId: string; orderId: string; reason: VoidReason }
  | { type: 'CapturePayment'; commandId: string; orderId: string }
  | { type: 'ConfirmOrder'; commandId: string; orderId: string }
  | { type: 'RejectOrder'; commandId: string; orderId: string; reason: OrderRejectionReason };

export type FulfilmentIntentType = FulfilmentIntent['type'];

/** Also the reservation id: inventory reserves at most once per id. */
export function reservationIdFor(orderId: string, sku: string): string {
  return `${orderId}:reserve:${sku}`;
}

/** One payment per order, with an id every replay derives again. */
export function paymentIdFor(orderId: string): string {
  return deterministicUuid(`payment:${orderId}`);
}

export const commandIds = {
  reserve: reservationIdFor,
  release: (orderId: string, sku: string) => `${orderId}:release:${sku}`,
  commit: (orderId: string, sku: string) => `${orderId}:commit:${sku}`,
  authorize: (orderId: string) => `${orderId}:authorize`,
  void: (orderId: string) => `${orderId}:void`,
  capture: (orderId: string) => `${orderId}:capture`,
  confirm: (orderId: string) => `${orderId}:confirm`,
  reject: (orderId: string) => `${orderId}:reject`,
} as const;
