import { InvalidCursorError } from '../../platform/read-models/invalid-cursor.error';
import { decodeKeyset, encodeKeyset } from '../http/keyset-cursor';
import type { OrderFilter } from './order.queries';
import type { OrderRow } from './order-view';

export interface OrderListRow extends OrderRow {
  /** placed_at to the microsecond, as the keyset needs it (a JS Date keeps only milliseconds). */
  placed_key: string;
}

const KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a cursor is bound to: the filters in a fixed order. */
const scopeOf = (filter: OrderFilter) => ['orders', filter.customerId ?? null, filter.status ?? null, filter.from ?? null, filter.to ?? null];

/**
 * One page of orders, newest first: ordered by (placed_at, order_id) descending, which the
 * read model's indexes by customer, by status and by date serve directly. Only the filters
 * given become conditions, so the planner sees the plain index-friendly predicate. The next
 * page starts strictly after the last row's key, so rows placed meanwhile never shift a page.
 */
export function orderListSql(filter: OrderFilter, cursor: string | undefined, limit: number): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown, type: string) => `$${values.push(value)}::${type}`;
  const where: string[] = [];
  if (filter.customerId) where.push(`customer_id = ${param(filter.customerId, 'uuid')}`);
  if (filter.status) where.push(`status = ${param(filter.status, 'text')}`);
  if (filter.from) where.push(`placed_at >= ${param(filter.from, 'timestamptz')}`);
  if (filter.to) where.push(`placed_at < ${param(filter.to, 'timestamptz')}`);
  if (cursor) {
    const [placedKey, orderId] = decodeKeyset(scopeOf(filter), cursor, ['string', 'string']) as [string, string];
    // The checksum is no secret; a hand-made cursor must still never reach SQL as a malformed value.
    if (!KEY.test(placedKey) || !UUID.test(orderId)) throw new InvalidCursorError(cursor);
    where.push(`(placed_at, order_id) < (${param(placedKey, 'timestamptz')}, ${param(orderId, 'uuid')})`);
  }
  return {
    text: `select *, to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as placed_key from $view
           ${where.length ? `where ${where.join(' and ')}` : ''}
           order by placed_at desc, order_id desc limit ${param(limit + 1, 'int')}`,
    values,
  };
}

/** The cursor after the last row of a page, or null when there are no more rows. */
export function nextOrderCursor(filter: OrderFilter, rows: OrderListRow[], limit: number): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1]!;
  return encodeKeyset(scopeOf(filter), [last.placed_key, last.order_id]);
}
