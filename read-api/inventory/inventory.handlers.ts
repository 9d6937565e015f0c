import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InvalidCursorError } from '../../platform/read-models/invalid-cursor.error';
import { DEFAULT_LOW_STOCK_THRESHOLD } from '../../projections/read-models/stock-level.projection';
import { decodeKeyset, encodeKeyset } from '../http/keyset-cursor';
import { LiveReadModels } from '../live-read-models';
import { NotFoundError } from '../read-errors';
import { GetStockLevelQuery, ListLowStockQuery } from './inventory.queries';
import { GetStockLevelAsOfHandler } from './stock-as-of.handler';
import { toStockView, type StockRow } from './stock-view';

@QueryHandler(GetStockLevelQuery)
export class GetStockLevelHandler implements IQueryHandler<GetStockLevelQuery> {
  constructor(private readonly models: LiveReadModels) {}

  async execute({ sku }: GetStockLevelQuery) {
    const [row] = await this.models.rows<StockRow>('stock_level', 'select * from $view where sku = $1', [sku]);
    if (!row) throw new NotFoundError('UNKNOWN_SKU', `No stock has ever been recorded for SKU ${sku}; receive some with POST /inventory/${sku}/receipts`);
    return toStockView(row);
  }
}

// The expression the read model indexes: how far above its threshold a SKU is (≤ 0 means low).
const MARGIN = `(on_hand - reserved - coalesce(low_stock_threshold, ${DEFAULT_LOW_STOCK_THRESHOLD}))`;
const SCOPE = ['low-stock'];

/** SKUs at or below their threshold, the furthest below first, then by SKU. */
@QueryHandler(ListLowStockQuery)
export class ListLowStockHandler implements IQueryHandler<ListLowStockQuery> {
  constructor(private readonly models: LiveReadModels) {}

  async execute({ page }: ListLowStockQuery) {
    const values: unknown[] = [page.limit + 1];
    let after = '';
    if (page.cursor) {
      const [margin, sku] = decodeKeyset(SCOPE, page.cursor, ['number', 'string']) as [number, string];
      if (!Number.isSafeInteger(margin)) throw new InvalidCursorError(page.cursor);
      values.push(margin, sku);
      after = `and (${MARGIN}, sku) > ($2::int, $3::text)`;
    }
    const rows = await this.models.rows<StockRow & { margin: number }>(
      'stock_level',
      `select *, ${MARGIN} as margin from $view where ${MARGIN} <= 0 ${after} order by ${MARGIN}, sku limit $1`,
      values,
    );
    const last = rows.length > page.limit ? rows[page.limit - 1]! : undefined;
    return { items: rows.slice(0, page.limit).map(toStockView), next: last ? encodeKeyset(SCOPE, [last.margin, last.sku]) : null };
  }
}

export const inventoryHandlers = [GetStockLevelHandler, GetStockLevelAsOfHandler, ListLowStockHandler];
