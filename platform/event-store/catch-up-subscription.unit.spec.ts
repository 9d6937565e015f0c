import { CatchUpSubscription, type Clock, type WakeUp } from './catch-up-subscription';
import type { EventShape, RecordedEvent } from './event-store.port';
import { Position } from './position';

/**
 * A log whose events become readable at given instants of a virtual clock, read in batches; each
 * read notes the virtual instant it started. Sleeping and waiting for news move the clock, so
 * nothing here depends on real time.
 */
function virtualLog() {
  let now = 0;
  const events: { event: RecordedEvent; at: number }[] = [];
  const reads: { at: number; size: number }[] = [];
  const readable = (after: Position) => events.filter((e) => e.at <= now && e.event.position > after);
  const appendAt = (at: number) => {
    const n = events.length + 1;
    const event = {
      eventId: `e${n}`,
      type: 'Tick',
      schemaVersion: 1,
      data: { n },
      streamId: 'ticks-1',
      revision: n - 1,
      position: Position.encode(1n, BigInt(n)),
      metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', role: 'system' }, occurredAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z', hash: '', previousHash: '' },
    } as RecordedEvent;
    events.push({ event, at });
  };
  const fetch = async (after: Position, max: number) => {
    const batch = readable(after).slice(0, max).map((e) => e.event);
    reads.push({ at: now, size: batch.length });
    return batch;
  };
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  // News wakes a waiting subscriber at once: the clock moves to the next append.
  const wakeUp: WakeUp = {
    wait: async (after) => {
      if (readable(after).length > 0) return;
      const next = events.find((e) => e.at > now);
      now = next ? next.at : now + 500;
    },
  };
  return { reads, appendAt, fetch, clock, wakeUp };
}

async function collect(subscription: CatchUpSubscription<EventShape>, count: number): Promise<number[]> {
  const seen: number[] = [];
  for await (const event of subscription) {
    seen.push((event.data as { n: number }).n);
    if (seen.length === count) await subscription.stop();
  }
  return seen;
}

describe('CatchUpSubscription', () => {
  it('reads full batches back to back while catching up, then reads at least the given interval apart, delivering every event once and in order', async () => {
    const log = virtualLog();
    for (let i = 0; i < 25; i++) log.appendAt(0);
    for (let ms = 1; ms <= 40; ms++) log.appendAt(ms); // then one append per millisecond
    const subscription = new CatchUpSubscription(log.fetch, log.wakeUp, { batchSize: 10 }, { minReadIntervalMs: 8, clock: log.clock });

    expect(await collect(subscription, 65)).toEqual(Array.from({ length: 65 }, (_, i) => i + 1));
    expect(log.reads.slice(0, 3)).toEqual([
      { at: 0, size: 10 },
      { at: 0, size: 10 },
      { at: 0, size: 5 },
    ]);
    const live = log.reads.slice(2);
    for (let i = 1; i < live.length; i++) expect(live[i]!.at - live[i - 1]!.at).toBeGreaterThanOrEqual(8);
    // Forty appends a millisecond apart arrive in a handful of reads.
    expect(live.length).toBeLessThanOrEqual(7);
  });

  it('reads on every piece of news when no interval is set', async () => {
    const log = virtualLog();
    for (let ms = 0; ms < 10; ms++) log.appendAt(ms);
    const subscription = new CatchUpSubscription(log.fetch, log.wakeUp, { batchSize: 10 }, { clock: log.clock });

    expect(await collect(subscription, 10)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(log.reads.map((r) => r.at)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('says it has a backlog while the page being delivered came back full, and not once a page comes back short', async () => {
    const log = virtualLog();
    for (let i = 0; i < 25; i++) log.appendAt(0);
    log.appendAt(100);
    const subscription = new CatchUpSubscription(log.fetch, log.wakeUp, { batchSize: 10 }, { clock: log.clock });
    const backlog: boolean[] = [];
    for await (const event of subscription) {
      backlog.push(subscription.backlog);
      if ((event.data as { n: number }).n === 26) await subscription.stop();
    }
    expect(backlog).toEqual([...Array<boolean>(20).fill(true), ...Array<boolean>(6).fill(false)]);
  });
});
