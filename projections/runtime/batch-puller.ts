/**
 * Turns a one-at-a-time async iterator into batches: waits for the first item, then takes every
 * item that is already available (resolved before the next macrotask) up to `max`. A catch-up
 * subscription yields a fetched page synchronously, so a batch is one page while catching up and
 * whatever has arrived once live, without adding latency.
 */
export class BatchPuller<T> {
  private pending: Promise<IteratorResult<T>> | undefined;
  private finished = false;

  constructor(private readonly iterator: AsyncIterator<T>) {}

  /** The next batch, or null once the iterator has ended. */
  async next(max: number): Promise<T[] | null> {
    if (this.finished) return null;
    const first = await (this.pending ?? this.iterator.next());
    this.pending = undefined;
    if (first.done) {
      this.finished = true;
      return null;
    }
    const batch = [first.value];
    while (batch.length < max) {
      const next = this.iterator.next();
      const result = await Promise.race([next, new Promise<'later'>((resolve) => setImmediate(() => resolve('later')))]);
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
