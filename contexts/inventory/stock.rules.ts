import { stockReserved, type StockEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import { evolveLevels, type StockLevels, type StockState } from './stock.decider';

/** Used when a command does not say otherwise; purchasing may pass a per-SKU threshold. */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

const fields = stockReserved.schema.shape;

export function assertValidSku(sku: string): void {
  if (!fields.sku.safeParse(sku).success) {
    throw new DomainError(
      'INVALID_SKU',
      `SKU ${JSON.stringify(sku)} is not valid: use 1-64 upper-case letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. TSHIRT-RED-M.`,
      'rejected',
      { sku },
    );
  }
}

export function assertPositiveQuantity(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new DomainError('INVALID_QUANTITY', `Quantity ${quantity} is not valid: send a whole number of units greater than zero.`, 'rejected', { quantity });
  }
}

export function assertValidReservationId(reservationId: string): void {
  if (!fields.reservationId.safeParse(reservationId).success) {
    throw new DomainError(
      'INVALID_RESERVATION_ID',
      `Reservation id ${JSON.stringify(reservationId)} is not valid: use 1-200 characters without spaces, e.g. <orderId>:reserve:<sku>.`,
      'rejected',
      { reservationId },
    );
  }
}

/** Returns the instant in epoch milliseconds: strings of different precision do not compare as text. */
export function parseInstant(field: 'expiresAt' | 'now', value: string): number {
  if (!fields.expiresAt.safeParse(value).success) {
    throw new DomainError('INVALID_INSTANT', `${field} ${JSON.stringify(value)} is not valid: send an ISO-8601 UTC instant such as 2026-03-14T10:15:00.000Z.`, 'rejected', {
      field,
    });
  }
  return Date.parse(value);
}

export function resolveThreshold(threshold: number | undefined): number {
  const value = threshold ?? DEFAULT_LOW_STOCK_THRESHOLD;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError('INVALID_LOW_STOCK_THRESHOLD', `Low-stock threshold ${value} is not valid: send a whole number of units, zero or more.`, 'rejected', {
      lowStockThreshold: value,
    });
  }
  return value;
}

/**
 * Appends LowStockDetected when the decided events leave available at or below the threshold and
 * no alert is in force: once per crossing, not once per reservation below it. Only decisions that
 * lower available call this; receiving stock never raises the alert.
 */
export function withLowStockCheck(state: StockState, sku: string, threshold: number, events: StockEvent[]): StockEvent[] {
  const after = events.reduce<StockLevels>(evolveLevels, { onHand: state.onHand, reserved: state.reserved, lowStockAlert: state.lowStockAlert });
  const available = after.onHand - after.reserved;
  if (after.lowStockAlert !== null || available > threshold) return events;
  return [...events, { type: 'LowStockDetected', data: { sku, available, threshold } }];
}
