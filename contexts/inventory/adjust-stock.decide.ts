import type { StockEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import { availableStock, type StockState } from './stock.decider';
import { assertValidSku, resolveThreshold, withLowStockCheck } from './stock.rules';

export interface AdjustStock {
  sku: string;
  /** Units added (positive) or removed (negative); never zero. */
  quantityDelta: number;
  reason: string;
  /** Defaults to DEFAULT_LOW_STOCK_THRESHOLD. */
  lowStockThreshold?: number;
}

/** A correction may never take on-hand below zero or below what is reserved for orders. */
export function decideAdjustStock(command: AdjustStock, state: StockState): StockEvent[] {
  const { sku, quantityDelta } = command;
  assertValidSku(sku);
  if (!Number.isSafeInteger(quantityDelta) || quantityDelta === 0) {
    throw new DomainError('INVALID_QUANTITY_DELTA', `Quantity delta ${quantityDelta} is not valid: send a non-zero whole number, negative to remove units.`, 'rejected', {
      quantityDelta,
    });
  }
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (reason.length === 0 || reason.length > 200) {
    throw new DomainError('INVALID_ADJUSTMENT_REASON', 'An adjustment needs a reason of 1-200 characters, e.g. "stock count 2026-01" or "damaged in storage".', 'rejected');
  }
  const threshold = resolveThreshold(command.lowStockThreshold);
  const available = availableStock(state);
  if (available + quantityDelta < 0) {
    throw new DomainError(
      'INSUFFICIENT_STOCK',
      `Cannot remove ${-quantityDelta} units of ${sku}: only ${available} are available (${state.onHand} on hand, ${state.reserved} reserved). Remove at most ${available}, or release reservations first.`,
      'conflict',
      { sku, quantityDelta, onHand: state.onHand, reserved: state.reserved, available },
    );
  }
  const adjusted: StockEvent = { type: 'StockAdjusted', data: { sku, quantityDelta, reason } };
  return quantityDelta < 0 ? withLowStockCheck(state, sku, threshold, [adjusted]) : [adjusted];
}
