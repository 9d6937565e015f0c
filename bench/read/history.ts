import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import type { DomainEvent } from '../../event-schemas';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';
import { CheckpointStore } from '../../platform/processing/checkpoints';
import { appendSyntheticHistory } from '../../test/synthetic-history';
import { FULFILMENT_PROCESS } from '../../write-api/fulfilment/fulfilment-runner';
import { progress } from '../lib/timed';

/** test/synthetic-history writes about this many events per order, after two per product. */
const EVENTS_PER_ORDER = 4.5;
const PRODUCTS = 50;

export interface History {
  events: number;
  orders: number;
  seconds: number;
  /** Every event's position in global order: progress counts for the rebuilds without asking the database. */
  positions: Position[];
}

/**
 * At least `events` valid domain events appended through the real event store (codec validation,
 * hash chain, stream heads), as test/synthetic-history generates them: products with stock, then
 * orders placed, reserved, paid, confirmed or cancelled, some shipped, occasional price changes.
 * Many appends run at once so the store's batching keeps loading short.
 */
export async function loadHistory(store: EventStore<DomainEvent>, pool: Pool, events: number, concurrency: number): Promise<History> {
  const orders = Math.max(1, Math.ceil((events - 2 * PRODUCTS) / EVENTS_PER_ORDER));
  const start = performance.now();
  let shown = start;
  await appendSyntheticHistory(store, {
    orders,
    skus: PRODUCTS,
    concurrency,
    onProgress: (n) => {
      const now = performance.now();
      if (now - shown < 5000) return;
      shown = now;
      progress(`  ${n.toLocaleString('en-US')} events appended (${Math.round(n / ((now - start) / 1000)).toLocaleString('en-US')}/s)`);
    },
  });
  const seconds = (performance.now() - start) / 1000;
  await pool.query('vacuum (analyze) eventstore.events');
  const { rows } = await pool.query<{ tx_id: string; seq: string }>('select tx_id, seq from eventstore.events order by tx_id, seq');
  const positions = rows.map((r) => Position.encode(BigInt(r.tx_id), BigInt(r.seq)));
  // The history holds its orders' outcomes already: the order process must start after it, not
  // replay 40,000 old orders (reserving and charging again) while later phases measure the system.
  await CheckpointStore.migrate(pool);
  await new CheckpointStore(pool).save(FULFILMENT_PROCESS, positions.at(-1) ?? Position.START);
  return { events: positions.length, orders, seconds, positions };
}
