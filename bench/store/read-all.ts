import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { Position } from '../../platform/event-store/position';
import type { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { rawCursorRead } from './raw-baselines';

export interface ReadRun {
  events: number;
  seconds: number;
  perSecond: number;
}

/** Reads the whole log with readAll in batches of `batch`, from the start to the head. */
async function readAll(store: PostgresEventStore, batch: number): Promise<{ events: number; seconds: number }> {
  const start = performance.now();
  let after = Position.START;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: batch });
    events += page.length;
    if (page.length < batch) break;
    after = page[page.length - 1]!.position;
  }
  return { events, seconds: (performance.now() - start) / 1000 };
}

/**
 * The whole log through each store's readAll and through a raw ordered cursor, batches of
 * `batch`, after one untimed cursor pass that warms the cache. `rounds` rounds alternate the
 * order; each result is total events over total time.
 */
export async function readAllComparison(
  pool: Pool,
  stores: Record<string, PostgresEventStore>,
  options: { batch: number; rounds: number },
): Promise<{ cursor: ReadRun; stores: Record<string, ReadRun> }> {
  await rawCursorRead(pool, options.batch);
  const readers: [string, () => Promise<{ events: number; seconds: number }>][] = [
    ['cursor', async () => {
      const r = await rawCursorRead(pool, options.batch);
      return { events: r.rows, seconds: r.seconds };
    }],
    ...Object.entries(stores).map(([name, store]) => [name, () => readAll(store, options.batch)] as [string, () => Promise<{ events: number; seconds: number }>]),
  ];
  const totals = new Map<string, { events: number; seconds: number }>(readers.map(([name]) => [name, { events: 0, seconds: 0 }]));
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, read] of round % 2 ? [...readers].reverse() : readers) {
      const r = await read();
      const total = totals.get(name)!;
      total.events += r.events;
      total.seconds += r.seconds;
    }
  }
  const run = (name: string): ReadRun => {
    const t = totals.get(name)!;
    return { events: t.events / options.rounds, seconds: t.seconds / options.rounds, perSecond: t.events / t.seconds };
  };
  return { cursor: run('cursor'), stores: Object.fromEntries(Object.keys(stores).map((name) => [name, run(name)])) };
}
