import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { foldStockChanges, stockLevel, type StockChange } from '../../projections/read-models/stock-level.projection';
import type { ReadSide } from '../../projections/read-side';
import { foldStreamAsOf } from '../events/time-travel';
import { NotFoundError } from '../read-errors';
import { READ_SIDE } from '../read-side.token';
import { GetStockLevelAsOfQuery } from './inventory.queries';
import { toStockView, type StockRow } from './stock-view';

/** The stock_level row the projector would have written from the events folded into `change` (available is generated there). */
export function stockRowOf(change: StockChange): StockRow {
  return {
    sku: change.sku,
    on_hand: change.onHand,
    reserved: change.reserved,
    available: change.onHand - change.reserved,
    low_stock_threshold: change.threshold,
    revision: change.last,
    updated_at: new Date(change.updatedAt),
  };
}

/**
 * Time travel: folds the SKU's stock stream up to `asOf`, a page at a time, with the stock_level
 * projection's own fold, so the answer has the live route's shape and the values it gave then.
 */
@QueryHandler(GetStockLevelAsOfQuery)
export class GetStockLevelAsOfHandler implements IQueryHandler<GetStockLevelAsOfQuery> {
  constructor(@Inject(READ_SIDE) private readonly side: ReadSide) {}

  async execute({ sku, asOf }: GetStockLevelAsOfQuery) {
    const change = await foldStreamAsOf(this.side.runtime.eventStore, `stock-${sku}`, asOf, stockLevel.batch!.handles, foldStockChanges);
    if (!change) throw new NotFoundError('UNKNOWN_SKU', `No stock had been recorded for SKU ${sku} at ${asOf.toISOString()}`);
    return toStockView(stockRowOf(change));
  }
}
