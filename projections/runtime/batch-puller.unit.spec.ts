import { BatchPuller } from './batch-puller';

/** An async iterator fed by hand: push() hands an item to a waiting next() or queues it. */
function feed<T>() {
  const queued: T[] = [];
  const waiting: ((r: IteratorResult<T>) => void)[] = [];
  let ended = false;
  const iterator: AsyncIterator<T> = {
    next: () => {
      if (queued.length) return Promise.resolve({ value: queued.shift()!, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
  return {
    iterator,
    push(...items: T[]) {
      for (const item of items) {
        const resolve = waiting.shift();
        if (resolve) resolve({ value: item, done: false });
        else queued.push(item);
      }
    },
    end() {
      ended = true;
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
    },
  };
}

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BatchPuller', () => {
  it('without a linger takes what is already there, up to the maximum, and leaves the rest for the next batch', async () => {
    const source = feed<number>();
    const puller = new BatchPuller(source.iterator);
    source.push(1, 2, 3, 4, 5);
    expect(await puller.next(3)).toEqual([1, 2, 3]);
    expect(await puller.next(3)).toEqual([4, 5]);
    const pending = puller.next(3);
    setTimeout(() => source.push(6), 5);
    setTimeout(() => source.push(7), 40);
    expect(await pending).toEqual([6]);
    expect(puller.waiting).toBe(true);
    expect(await puller.next(3)).toEqual([7]);
  });

  it('with a linger keeps taking what arrives within that time of the first item, and no later ones', async () => {
    const source = feed<number>();
    const puller = new BatchPuller(source.iterator);
    const pending = puller.next(100, 150);
    source.push(1);
    setTimeout(() => source.push(2), 20);
    setTimeout(() => source.push(3, 4), 60);
    setTimeout(() => source.push(5), 400);
    const started = Date.now();
    expect(await pending).toEqual([1, 2, 3, 4]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // The item that came after the window starts the next batch; nothing is lost or repeated.
    const next = puller.next(100, 30);
    expect(await next).toEqual([5]);
  });

  it('with a linger returns a full batch at once', async () => {
    const source = feed<number>();
    const puller = new BatchPuller(source.iterator);
    source.push(1, 2, 3);
    const started = Date.now();
    expect(await puller.next(3, 5_000)).toEqual([1, 2, 3]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('ends a lingering batch early when the source ends, then reports the end', async () => {
    const source = feed<number>();
    const puller = new BatchPuller(source.iterator);
    source.push(1);
    setTimeout(() => source.end(), 20);
    const started = Date.now();
    expect(await puller.next(10, 5_000)).toEqual([1]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await puller.next(10, 5_000)).toBeNull();
    await after(0);
  });
});
