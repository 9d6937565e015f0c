import type { Pool } from 'pg';
import type { EventStore } from '../../event-store.port';
import { Position } from '../../position';

/**
 * Waits until readers see every committed event. Reads stop below the oldest transaction still
 * open anywhere on the cluster (see README, "Global order"), so on a server shared with other
 * tests the last appends can stay invisible for a moment; a test that compares an export or a
 * replay with "everything appended" must wait for them first.
 */
export async function allVisible(store: EventStore, pool: Pool, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from eventstore.events');
    const visible = await store.countEventsAfter!(Position.START, rows[0]!.n + 1);
    if (visible === rows[0]!.n) return visible;
    if (Date.now() > deadline) throw new Error(`only ${visible} of ${rows[0]!.n} committed events became visible within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
