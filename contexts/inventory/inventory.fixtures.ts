/* Test-only sample data for the inventory specs. */
import type { ReleaseReason, StockEvent } from '../../event-schemas';

export const sku = 'TSHIRT-RED-M';
export const orderId = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';
export const otherOrderId = '7e2f4a1b-3c5d-4e6f-9a01-b2c3d4e5f6a7';
export const reservationId = `${orderId}:reserve:${sku}`;
export const expiresAt = '2026-03-14T10:15:00.000Z';

export const received = (quantity: number): StockEvent => ({ type: 'StockReceived', data: { sku, quantity } });
export const adjusted = (quantityDelta: number, reason = 'stock count 2026-03'): StockEvent => ({ type: 'StockAdjusted', data: { sku, quantityDelta, reason } });
export const reserved = (quantity: number, id = reservationId, at = expiresAt, order = orderId): StockEvent => ({
  type: 'StockReserved',
  data: { sku, reservationId: id, orderId: order, quantity, expiresAt: at },
});
export const rejected = (quantity: number, available: number, id = reservationId): StockEvent => ({
  type: 'StockReservationRejected',
  data: { sku, reservationId: id, orderId, quantity, available },
});
export const released = (quantity: number, reason: ReleaseReason, id = reservationId, order = orderId): StockEvent => ({
  type: 'StockReservationReleased',
  data: { sku, reservationId: id, orderId: order, quantity, reason },
});
export const committed = (quantity: number, id = reservationId): StockEvent => ({ type: 'StockCommitted', data: { sku, reservationId: id, orderId, quantity } });
export const lowStock = (available: number, threshold = 5): StockEvent => ({ type: 'LowStockDetected', data: { sku, available, threshold } });
