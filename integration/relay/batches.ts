/**
 * Reads an async iterator in batches: waits for one item, then takes whatever else is ready
 * without waiting (a catch-up subscription yields a fetched page synchronously), up to `max`. So
 * a batch is a page while catching up and a single event once live, with no added latency.
 */
export class Batches<T> {
  private pending: Promise<IteratorResult<T>> | undefined;
  private done = false;

  constructor(private readonly iterator: AsyncIterator<T>) {}

  /** The next batch; null once the iterator has ended. */
  async next(max: number): Promise<T[] | null> {
    if (this.done) return null;
    const first = await (this.pending ?? this.iterator.next());
    this.pending = undefined;
    if (first.done) {
      this.done = true;
      return null;
    }
    const batch = [first.value];
    while (batch.length < max) {
      const next = this.iterator.next();
      const ready = await Promise.race([next, new Promise<'wait'>((resolve) => setImmediate(() => resolve('wait')))]);
      if (ready === 'wait') {
        this.pending = next;
        break;
      }
      if (ready.done) {
        this.done = true;
        break;
      }
      batch.push(ready.value);
    }
    return batch;
  }
}
