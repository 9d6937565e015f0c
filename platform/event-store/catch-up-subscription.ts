import { performance } from 'node:perf_hooks';
import type { EventShape, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';
import { Position } from './position';

/** Tells a caught-up subscription when to read again. */
export interface WakeUp {
  /**
   * Resolves when events after `after` may be readable: at once if a newer append is already
   * known, on a notification, on the polling fallback, or when `signal` aborts.
   */
  wait(after: Position, attempt: number, signal: AbortSignal): Promise<void>;
}

export type FetchBatch<E extends EventShape> = (after: Position, maxCount: number) => Promise<RecordedEvent<E>[]>;

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Pacing {
  /**
   * Once caught up, reads start at least this far apart. A live subscriber is woken by nearly
   * every append, and a read per wake-up (most of them empty while an older transaction still
   * hides the new event) costs more than the events; spacing them lets one read carry what
   * several appends wrote, for at most this much added latency.
   */
  minReadIntervalMs?: number;
  /** Milliseconds and waiting, for the spacing (tests pass their own). */
  clock?: Clock;
}

/**
 * Catch-up then live, over any store that can read a batch after a position: read batches until
 * a read comes back short (caught up), then wait for a wake-up and read again. Because the same
 * read serves both phases, there is no hand-over between a catch-up reader and a live feed in
 * which an event could be dropped or delivered twice.
 */
export class CatchUpSubscription<E extends EventShape> implements Subscription<E> {
  private readonly abort = new AbortController();
  private isCaughtUp = false;
  private pageFull = false;
  private started = false;

  private readonly minReadIntervalMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly fetchBatch: FetchBatch<E>,
    private readonly wakeUp: WakeUp,
    private readonly options: SubscribeOptions = {},
    pacing: Pacing = {},
  ) {
    this.minReadIntervalMs = pacing.minReadIntervalMs ?? 0;
    this.clock = pacing.clock ?? { now: () => performance.now(), sleep };
  }

  get caughtUp(): boolean {
    return this.isCaughtUp;
  }

  get backlog(): boolean {
    return this.pageFull;
  }

  async stop(): Promise<void> {
    this.abort.abort();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent<E>> {
    if (this.started) throw new Error('A subscription can be iterated only once; subscribe again to read again');
    this.started = true;
    const batchSize = this.options.batchSize ?? 500;
    const signal = this.abort.signal;
    let after = this.options.after ?? Position.START;
    let idle = 0;
    let lastRead = 0;
    let full = true;
    let ahead: Promise<RecordedEvent<E>[]> | undefined;
    while (!signal.aborted) {
      let batch: RecordedEvent<E>[];
      if (ahead) {
        batch = await ahead;
        ahead = undefined;
      } else {
        const spacing = full ? 0 : this.minReadIntervalMs - (this.clock.now() - lastRead);
        if (spacing > 0) await this.clock.sleep(Math.ceil(spacing), signal);
        lastRead = this.clock.now();
        batch = await this.fetchBatch(after, batchSize);
      }
      this.pageFull = batch.length >= batchSize;
      if (batch.length >= batchSize) {
        // A full page means more is readable: read the next page while the consumer works on this
        // one, so catching up overlaps reading with applying. At most one page is read ahead.
        ahead = this.fetchBatch(batch.at(-1)!.position, batchSize);
        ahead.catch(() => undefined); // observed when awaited; a stop may leave it unawaited
      }
      for (const event of batch) {
        if (signal.aborted) return;
        yield event;
        after = event.position;
      }
      full = batch.length >= batchSize;
      if (batch.length > 0) idle = 0;
      if (!full) {
        if (!this.isCaughtUp) {
          this.isCaughtUp = true;
          this.options.onCaughtUp?.();
        }
        // A short batch is everything readable now; wait for news rather than read again at once.
        await this.wakeUp.wait(after, idle++, signal);
      }
    }
  }
}

/** A promise that resolves after `ms`, or early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
