import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { decideReserveStock } from '../../contexts/inventory/reserve-stock.decide';
import { stockDecider } from '../../contexts/inventory/stock.decider';
import type { CommandContext } from '../../contexts/shared/command-context';
import { StreamHandler } from '../../contexts/shared/stream-handler';
import { eventRegistry } from '../../event-schemas';
import type { NewEvent } from '../../platform/event-store/event-store.port';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import type { Logger } from '../../platform/logger';
import { PostgresSnapshotStore } from '../../platform/snapshots/snapshot-store';
import { summarize, type Summary } from '../lib/stats';
import { sleep } from '../lib/timed';

/**
 * 'receipts': 50,000 StockReceived, as the snapshot test writes them (the state stays tiny).
 * 'orders': one receipt, then reserve + commit pairs, as 25,000 shipped orders leave a SKU (every
 * ended reservation stays in the state, so the state and its snapshot grow with the history).
 */
export type History = 'receipts' | 'orders';

export interface StreamLatency {
  long: Summary;
  fresh: Summary;
  /** The first reservation on the long stream: no snapshot yet, so it folds every event. */
  firstLongMs: number;
  /** Size of the long stream's snapshot after the run, in bytes of JSON. */
  snapshotBytes: number;
  fillSeconds: number;
}

const metadata = { correlationId: 'bench', causationId: 'bench', actor: { subject: 'bench', role: 'system' }, occurredAt: new Date().toISOString() };
const context = (): CommandContext => ({ commandId: randomUUID(), actor: metadata.actor, correlationId: 'bench', causationId: 'bench', now: new Date().toISOString() });

function historyBatch(sku: string, history: History, start: number, size: number): NewEvent[] {
  const event = (type: string, data: object): NewEvent => ({ eventId: randomUUID(), type, data, metadata });
  if (history === 'receipts') return Array.from({ length: size }, () => event('StockReceived', { sku, quantity: 20 }));
  const events: NewEvent[] = [];
  for (let i = start; i < start + size; i++) {
    if (i === 0) {
      events.push(event('StockReceived', { sku, quantity: 1_000_000_000 }));
      continue;
    }
    // Odd revisions reserve, the even ones after them commit the same reservation.
    const n = Math.ceil(i / 2);
    const orderId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const line = { sku, reservationId: `${orderId}:reserve:${sku}`, orderId, quantity: 1 };
    events.push(i % 2 === 1 ? event('StockReserved', { ...line, expiresAt: '2030-01-01T00:00:00.000Z' }) : event('StockCommitted', line));
  }
  return events;
}

/** Appends `count` events to stock-<sku> straight through the store (years of history), 1,000 per append. */
async function fill(store: PostgresEventStore, sku: string, history: History, count: number): Promise<void> {
  for (let done = 0; done < count; done += 1000) {
    const size = Math.min(1000, count - done);
    await store.append(`stock-${sku}`, historyBatch(sku, history, done, size), done === 0 ? 'no_stream' : done - 1);
  }
}

/**
 * ReserveStock through the write side's StreamHandler (snapshot store and domain codec as in
 * createWriteSide), the code ReserveStockHandler runs: on a stream of `events` events against a
 * fresh SKU's stream, alternating one command each, sequentially, after a warm-up.
 */
export async function reservationLatency(pool: Pool, log: Logger, options: { history: History; events: number; samples: number; warmup: number; runId: string }): Promise<StreamLatency> {
  const store = new PostgresEventStore({ pool, codec: eventRegistry, log });
  try {
    const longSku = `LONG-${options.history.toUpperCase()}-${options.runId}`;
    const freshSku = `FRESH-${options.history.toUpperCase()}-${options.runId}`;
    const t0 = performance.now();
    await fill(store, longSku, options.history, options.events);
    const fillSeconds = (performance.now() - t0) / 1000;
    await store.append(`stock-${freshSku}`, historyBatch(freshSku, 'receipts', 0, 1).map((e) => ({ ...e, data: { sku: freshSku, quantity: 1_000_000 } })), 'no_stream');

    const handler = new StreamHandler(store, new PostgresSnapshotStore(pool), log);
    const expiresAt = new Date(Date.now() + 24 * 3600_000).toISOString();
    const reserve = async (sku: string): Promise<number> => {
      const orderId = randomUUID();
      const command = { sku, reservationId: `${orderId}:reserve:${sku}`, orderId, quantity: 1, expiresAt };
      const started = performance.now();
      const result = await handler.handle(stockDecider, sku, (state) => decideReserveStock(command, state), context());
      if (result.events === 0) throw new Error(`reserving on ${sku} appended nothing`);
      return performance.now() - started;
    };
    const firstLongMs = await reserve(longSku);
    await reserve(freshSku);
    await sleep(1000); // the snapshot the first command triggered is written after it answered
    for (let i = 0; i < options.warmup; i++) await reserve(i % 2 ? longSku : freshSku);
    const long: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      if (i % 2 === 0) {
        long.push(await reserve(longSku));
        fresh.push(await reserve(freshSku));
      } else {
        fresh.push(await reserve(freshSku));
        long.push(await reserve(longSku));
      }
    }
    await sleep(300);
    const { rows } = await pool.query<{ bytes: number }>('select octet_length(state::text) as bytes from snapshots.snapshots where stream_id = $1', [`stock-${longSku}`]);
    return { long: summarize(long), fresh: summarize(fresh), firstLongMs, snapshotBytes: rows[0]?.bytes ?? 0, fillSeconds };
  } finally {
    await store.close();
  }
}
