import type { QueryConfig } from 'pg';
import { batchStatement } from '../runtime/batch-statement';
import type { ProjectedEvent, PostgresContext, PostgresProjection } from '../runtime/projection';

/** The inventory context's default, for SKUs that never raised a LowStockDetected with their own. */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

/**
 * stock_level: on hand, reserved and available per SKU, for `GET /inventory/{sku}` and the
 * low-stock list. A batch is folded into one net change per SKU and written with one statement;
 * a SKU's change applies only if its row has not yet seen the batch's first event for it (stream
 * revision guard), so a redelivered batch changes nothing.
 */
export interface StockChange {
  sku: string;
  onHand: number;
  reserved: number;
  threshold: number | null;
  first: number;
  last: number;
  updatedAt: string;
}

/**
 * Folds events into one net change per SKU. `seed` carries changes folded earlier (copied, never
 * mutated), so a long stream can be folded page by page into what one fold of it all would give,
 * which is also the row applyStockChanges leaves after applying those events to no row.
 */
export function foldStockChanges(events: ProjectedEvent[], seed: readonly StockChange[] = []): StockChange[] {
  const changes = new Map<string, StockChange>(seed.map((c) => [c.sku, { ...c }]));
  for (const event of events) {
    const sku = (event.data as { sku: string }).sku;
    let c = changes.get(sku);
    if (!c) changes.set(sku, (c = { sku, onHand: 0, reserved: 0, threshold: null, first: event.revision, last: event.revision, updatedAt: event.metadata.occurredAt }));
    switch (event.type) {
      case 'StockReceived': c.onHand += event.data.quantity; break;
      case 'StockAdjusted': c.onHand += event.data.quantityDelta; break;
      case 'StockReserved': c.reserved += event.data.quantity; break;
      case 'StockReservationReleased': c.reserved -= event.data.quantity; break;
      case 'StockCommitted': c.onHand -= event.data.quantity; c.reserved -= event.data.quantity; break;
      case 'LowStockDetected': c.threshold = event.data.threshold; break;
    }
    c.last = event.revision;
    c.updatedAt = event.metadata.occurredAt;
  }
  return [...changes.values()];
}

/** The statement that writes folded changes (batchStatement: sized for the planner). */
export function stockChangesStatement(table: string, changes: readonly StockChange[]): QueryConfig {
  return batchStatement(
    'stock_changes',
    changes.length,
    (limit) => `with x as (
       select * from jsonb_to_recordset($1::jsonb) as x(sku text, "onHand" int, reserved int, threshold int, first int, last int, "updatedAt" timestamptz) ${limit}
     ), changed as (
       update ${table} s set on_hand = s.on_hand + x."onHand", reserved = s.reserved + x.reserved,
         low_stock_threshold = coalesce(x.threshold, s.low_stock_threshold), revision = x.last, updated_at = x."updatedAt"
       from x where s.sku = x.sku and s.revision < x.first
     )
     insert into ${table} (sku, on_hand, reserved, low_stock_threshold, revision, updated_at)
     select x.sku, x."onHand", x.reserved, x.threshold, x.last, x."updatedAt" from x
     where not exists (select 1 from ${table} s where s.sku = x.sku)`,
    [JSON.stringify(changes), changes.length],
  );
}

async function applyStockChanges(events: ProjectedEvent[], { sql, table }: PostgresContext): Promise<void> {
  await sql.query(stockChangesStatement(table, foldStockChanges(events)));
}

export const stockLevel: PostgresProjection = {
  name: 'stock_level',
  version: 1,
  kind: 'postgres',
  description: 'On hand, reserved and available units per SKU, and the SKUs at or below their low-stock threshold',
  createTable: ({ table, prefix }) => `
    create table ${table} (
      sku text primary key,
      on_hand int not null,
      reserved int not null,
      available int generated always as (on_hand - reserved) stored,
      low_stock_threshold int,
      revision int not null,
      updated_at timestamptz not null
    );
    create index "${prefix}_low" on ${table} ((on_hand - reserved - coalesce(low_stock_threshold, ${DEFAULT_LOW_STOCK_THRESHOLD})), sku);`,
  batch: {
    handles: ['StockReceived', 'StockAdjusted', 'StockReserved', 'StockReservationReleased', 'StockCommitted', 'LowStockDetected'],
    apply: applyStockChanges,
  },
};
