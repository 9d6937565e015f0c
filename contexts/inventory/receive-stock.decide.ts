import type { StockEvent } from '../../event-schemas';
import type { StockState } from './stock.decider';
import { assertPositiveQuantity, assertValidSku } from './stock.rules';

export interface ReceiveStock {
  sku: string;
  quantity: number;
}

export function decideReceiveStock(command: ReceiveStock, _state: StockState): StockEvent[] {
  assertValidSku(command.sku);
  assertPositiveQuantity(command.quantity);
  return [{ type: 'StockReceived', data: { sku: command.sku, quantity: command.quantity } }];
}
