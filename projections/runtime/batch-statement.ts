import type { QueryConfig } from 'pg';
import { SMALL_BATCH, sizedStatement } from '../../platform/postgres/statement-name';

/**
 * The statement that writes a batch's folded changes, passed in as a jsonb array (parameter 1)
 * whose row count is parameter 2. Postgres assumes such an array holds 100 rows whatever it holds,
 * so `text` caps it with the LIMIT it is given, which tells the planner the size:
 * - a rebuild's page of hundreds or thousands: `limit $2` in an unnamed statement, planned for the
 *   real count (a hash join where it pays);
 * - a live batch of a few: a named statement whose limit sits in a sub-selection (the planner then
 *   assumes about ten rows, and looks them up by key), prepared once per connection rather than
 *   planned for every batch, which at a few orders a second cost more than running it.
 */
export function batchStatement(label: string, count: number, text: (limit: string) => string, values: [string, number, ...unknown[]]): QueryConfig {
  return sizedStatement(label, count, text(count > SMALL_BATCH ? 'limit $2' : 'limit (select $2::int)'), values);
}
