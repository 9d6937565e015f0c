import { z } from 'zod';
import { DEFAULT_LOW_STOCK_THRESHOLD } from '../../projections/read-models/stock-level.projection';
import { pageOf } from '../http/query-params';

export const stockView = z
  .object({
    sku: z.string(),
    onHand: z.int().describe('Units in the warehouse'),
    reserved: z.int().describe('Units set aside for orders not yet shipped'),
    available: z.int().describe('onHand − reserved: what new orders can still reserve'),
    lowStockThreshold: z.int().describe(`At or below this many available units the SKU counts as low (default ${DEFAULT_LOW_STOCK_THRESHOLD})`),
    lowStock: z.boolean(),
    revision: z.int().describe('Stock stream revision of the last change'),
    updatedAt: z.string().describe('ISO-8601 UTC instant'),
  })
  .meta({ title: 'StockLevel' });

export type StockView = z.infer<typeof stockView>;
export const lowStockPage = pageOf(stockView);

export interface StockRow {
  sku: string;
  on_hand: number;
  reserved: number;
  available: number;
  low_stock_threshold: number | null;
  revision: number;
  updated_at: Date;
}

export function toStockView(row: StockRow): StockView {
  const threshold = row.low_stock_threshold ?? DEFAULT_LOW_STOCK_THRESHOLD;
  return {
    sku: row.sku, onHand: row.on_hand, reserved: row.reserved, available: row.available, lowStockThreshold: threshold,
    lowStock: row.available <= threshold, revision: row.revision, updatedAt: row.updated_at.toISOString(),
  };
}
