import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { sleep } from '../lib/timed';

export interface OrderCounts {
  placed: number;
  confirmed: number;
  rejected: number;
}

export async function orderCounts(pool: Pool): Promise<OrderCounts> {
  const { rows } = await pool.query<{ placed: string; confirmed: string; rejected: string }>(
    `select count(*) filter (where type = 'OrderPlaced') as placed, count(*) filter (where type = 'OrderConfirmed') as confirmed,
       count(*) filter (where type = 'OrderRejected') as rejected from eventstore.events where type in ('OrderPlaced', 'OrderConfirmed', 'OrderRejected')`,
  );
  return { placed: Number(rows[0]!.placed), confirmed: Number(rows[0]!.confirmed), rejected: Number(rows[0]!.rejected) };
}

export interface Drain {
  drained: boolean;
  seconds: number;
  /** Orders that reached Confirmed or Rejected while draining, per second. */
  finishedPerSecond: number;
  counts: OrderCounts;
}

/**
 * Waits until the order-fulfilment process manager has handled every event (its checkpoint is at
 * the head twice in a row), so the next phase does not measure the previous phase's backlog.
 */
export async function drainFulfilment(pool: Pool, store: EventStore, timeoutMs: number): Promise<Drain> {
  const start = performance.now();
  const before = await orderCounts(pool);
  let idle = 0;
  while (performance.now() - start < timeoutMs) {
    const head = await store.headPosition();
    const { rows } = await pool.query<{ position: string }>(`select position from processing.checkpoints where name = 'order-fulfilment'`);
    const checkpoint = rows[0]?.position ?? '';
    idle = checkpoint >= head ? idle + 1 : 0;
    if (idle >= 2) break;
    await sleep(250);
  }
  const seconds = (performance.now() - start) / 1000;
  const counts = await orderCounts(pool);
  const finished = counts.confirmed + counts.rejected - before.confirmed - before.rejected;
  return { drained: idle >= 2, seconds, finishedPerSecond: seconds > 0.6 ? finished / seconds : NaN, counts };
}
