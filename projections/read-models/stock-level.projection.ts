import type { ProjectedEvent, PostgresContext, PostgresProjection } from '../runtime/projection';

/** The inventory context's default, for SKUs that never raised a LowStockDetected with their own. */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

/**
 * stock_level: on hand, reserved and available per SKU, for `GET /inventory/{sku}` and the
 * low-stock list. Each change is an upsert guarded by the stock stream's revision.
 */
async function change(event: ProjectedEvent, { sql, table }: PostgresContext, onHand: number, reserved: number, threshold: number | null = null): Promise<void> {
  const sku = (event.data as { sku: string }).sku;
  await sql.query(
    `insert into ${table} as s (sku, on_hand, reserved, low_stock_threshold, revision, updated_at)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (sku) do update set
       on_hand = s.on_hand + excluded.on_hand,
       reserved = s.reserved + excluded.reserved,
       low_stock_threshold = coalesce(excluded.low_stock_threshold, s.low_stock_threshold),
       revision = excluded.revision,
       updated_at = excluded.updated_at
     where s.revision < excluded.revision`,
    [sku, onHand, reserved, threshold, event.revision, event.metadata.occurredAt],
  );
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
  handlers: {
    StockReceived: (e, ctx) => change(e, ctx, e.data.quantity, 0),
    StockAdjusted: (e, ctx) => change(e, ctx, e.data.quantityDelta, 0),
    StockReserved: (e, ctx) => change(e, ctx, 0, e.data.quantity),
    StockReservationReleased: (e, ctx) => change(e, ctx, 0, -e.data.quantity),
    StockCommitted: (e, ctx) => change(e, ctx, -e.data.quantity, -e.data.quantity),
    LowStockDetected: (e, ctx) => change(e, ctx, 0, 0, e.data.threshold),
  },
};
