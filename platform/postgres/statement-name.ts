import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/**
 * The name of a prepared statement for an SQL text: `prefix` and a hash of the text, so each text
 * gets one name (under Postgres' 63-byte limit) on every pooled connection.
 */
export function statementName(prefix: string, text: string): string {
  return `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** Up to this many rows (or keys) a batch's statement is prepared once per connection; above, planned for its size. */
export const SMALL_BATCH = 64;

/**
 * A statement run for every live batch of a few rows is prepared once per connection and keeps its
 * plan (planning it again for each batch cost more than running it); one carrying a rebuild's page
 * of hundreds or thousands is planned for that size, where another plan may pay.
 */
export function sizedStatement(prefix: string, count: number, text: string, values: unknown[]): QueryConfig {
  return count > SMALL_BATCH ? { text, values } : { name: statementName(prefix, text), text, values };
}
