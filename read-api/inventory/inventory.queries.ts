import { Query } from '@nestjs/cqrs';
import type { StockView } from './stock-view';

export class GetStockLevelQuery extends Query<StockView> {
  constructor(readonly sku: string) {
    super();
  }
}

export class ListLowStockQuery extends Query<{ items: StockView[]; next: string | null }> {
  constructor(readonly page: { cursor?: string; limit: number }) {
    super();
  }
}
