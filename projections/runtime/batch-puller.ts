/**
 * Turns a one-at-a-time async iterator into batches: waits for the first item, then takes every
 * item that is already available (resolved before the next macrotask) up to `max`. A catch-up
 * subscription yields a fetched page synchronously, so a batch is one page while catching up and
 * whatever has arrived once live, without adding latency.
 *
 * With a linger (ms), a batch that is not full keeps taking items that arrive within that time of
 * its first one: fewer, larger batches once live, for read models whose writes cost per document
 * rather than per event (each document a batch touches is written once).
 */
export class BatchPuller<T> {
  private pending: Promise<IteratorResult<T>> | undefined;
  private finished = false;

  constructor(private readonly iterator: AsyncIterator<T>) {}

  /** The next batch, or null once the iterator has ended. */
  async next(max: number, lingerMs = 0): Promise<T[] | null> {
    if (this.finished) return null;
    const first = await (this.pending ?? this.iterator.next());
    this.pending = undefined;
    if (first.done) {
      this.finished = true;
      return null;
    }
    const batch = [first.value];
    const until = lingerMs > 0 ? performance.now() + lingerMs : 0;
    while (batch.length < max) {
      const next = this.iterator.next();
      const left = until - performance.now();
      let timer: NodeJS.Timeout | undefined;
      const later =
        left > 0
          ? new Promise<'later'>((resolve) => (timer = setTimeout(() => resolve('later'), left)))
          : new Promise<'later'>((resolve) => setImmediate(() => resolve('later')));
      const result = await Promise.race([next, later]);
      clearTimeout(timer);
      if (result === 'later') {
        this.pending = next;
        break;
      }
      if (result.done) {
        this.finished = true;
        break;
      }
      batch.push(result.value);
    }
    return batch;
  }

  /** True when an item was asked for and has not arrived yet (nothing buffered, so caught up). */
  get waiting(): boolean {
    return this.pending !== undefined;
  }
}
