import type { AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';
import { Position } from '../position';
import { counted, countedBatch, sleep, uniqueStream, type ContractHarness } from './contract-fixtures';

/** Collects a subscription's events for the given streams until `done` says stop. */
async function collect(
  store: EventStore,
  after: Position,
  streams: Set<string>,
  done: (seen: RecordedEvent[]) => boolean,
  timeoutMs = 120_000,
): Promise<{ seen: RecordedEvent[]; last: Position }> {
  const subscription = store.subscribeToAll({ after, batchSize: 200 });
  const seen: RecordedEvent[] = [];
  let last = after;
  const timer = setTimeout(() => void subscription.stop(), timeoutMs);
  try {
    for await (const event of subscription) {
      expect(Position.compare(last, event.position)).toBe(-1);
      last = event.position;
      if (streams.has(event.streamId)) seen.push(event);
      if (done(seen)) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.stop();
  }
  return { seen, last };
}

function expectEachStreamInOrder(events: RecordedEvent[]): void {
  const next = new Map<string, number>();
  for (const e of events) {
    expect(e.revision).toBe(next.get(e.streamId) ?? 0);
    next.set(e.streamId, e.revision + 1);
  }
}

export function describeConcurrencyContract(context: () => { store: EventStore; harness: ContractHarness }): void {
  describe('subscriptions', () => {
    it('sees every event of 8 concurrent writers x 1,000 events exactly once and each stream in order, although writes commit late', async () => {
      const { store, harness } = context();
      const start = await store.headPosition();
      const writers = 8;
      const perWriter = 1000;
      const streams = Array.from({ length: writers }, () => uniqueStream('load'));
      const appendSlowly = (stream: string, events: NewEvent[], expected: ExpectedRevision, delay: number): Promise<AppendResult> =>
        harness.appendSlowly ? harness.appendSlowly(stream, events, expected, delay) : sleep(delay).then(() => store.append(stream, events, expected));

      const reading = collect(store, start, new Set(streams), (seen) => seen.length >= writers * perWriter);
      await Promise.all(
        streams.map(async (stream) => {
          let written = 0;
          let expected: ExpectedRevision = 'no_stream';
          while (written < perWriter) {
            const size = Math.min(perWriter - written, 1 + Math.floor(Math.random() * 5));
            const r = await appendSlowly(stream, countedBatch(written, size), expected, Math.floor(Math.random() * 4));
            written += size;
            expected = r.nextRevision;
          }
        }),
      );
      const { seen } = await reading;
      expect(seen).toHaveLength(writers * perWriter);
      expect(new Set(seen.map((e) => e.eventId)).size).toBe(writers * perWriter);
      expectEachStreamInOrder(seen);
    });

    it('resumes from a persisted checkpoint with no loss and no duplicate', async () => {
      const { store } = context();
      const start = await store.headPosition();
      const stream = uniqueStream();
      const streams = new Set([stream]);
      await store.append(stream, countedBatch(0, 30), 'no_stream');

      // First run: handle 12 events, persisting the checkpoint after each, then stop.
      const first = await collect(store, start, streams, (seen) => seen.length === 12);
      const checkpoint = first.seen.at(-1)!.position;
      await store.append(stream, countedBatch(30, 20), 29);

      const second = await collect(store, checkpoint, streams, (seen) => seen.length === 38);
      const all = [...first.seen, ...second.seen].map((e) => (e.data as { n: number }).n);
      expect(all).toEqual([...Array(50).keys()]);
    });

    it('turns live after catching up and delivers events appended later', async () => {
      const { store } = context();
      const stream = uniqueStream();
      await store.append(stream, countedBatch(0, 3), 'no_stream');
      let markCaughtUp!: () => void;
      const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
      const subscription = store.subscribeToAll({ after: Position.START, onCaughtUp: () => markCaughtUp() });
      const delivered = (async () => {
        const seen: number[] = [];
        for await (const e of subscription) {
          if (e.streamId !== stream) continue;
          seen.push((e.data as { n: number }).n);
          if (seen.length === 5) break;
        }
        return seen;
      })();
      await caughtUp;
      await store.append(stream, [counted(3)], 2);
      await sleep(20);
      await store.append(stream, [counted(4)], 3);
      expect(await delivered).toEqual([0, 1, 2, 3, 4]);
    });

    it('ends the iteration when stopped while waiting for events', async () => {
      const { store } = context();
      const subscription = store.subscribeToAll({ after: await store.headPosition() });
      const iterating = (async () => {
        for await (const _ of subscription) void _;
        return 'ended';
      })();
      await sleep(50);
      await subscription.stop();
      await expect(iterating).resolves.toBe('ended');
    });
  });
}
