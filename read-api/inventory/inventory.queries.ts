import { Query } from '@nestjs/cqrs';
import type { StockView } from './stock-view';

export class GetStockLevelQuery extends Query<StockView> {
  constructor(readonly sku: string) {
    super();
  }
}

/** The stock level as it stood at `asOf`, folded from the SKU's stream rather than read from the read model. */
export class GetStockLevelAsOfQuery extends Query<StockView> {
  constructor(
    readonly sku: string,
    readonly asOf: Date,
  ) {
    super();
  }
}

export class ListLowStockQuery extends Query<{ items: StockView[]; next: string | null }> {
  constructor(readonly page: { cursor?: string; limit: number }) {
    super();
  }
}
