import { performance } from 'node:perf_hooks';
import { CatchUpSubscription, sleep, type WakeUp } from './catch-up-subscription';
import type { RecordedEvent } from './event-store.port';
import { Position } from './position';

/** An in-memory log read in batches, recording when each read started. */
function log() {
  const events: RecordedEvent[] = [];
  const reads: { at: number; size: number }[] = [];
  const append = () => {
    const n = events.length + 1;
    events.push({
      eventId: `e${n}`,
      type: 'Tick',
      schemaVersion: 1,
      data: { n },
      streamId: 'ticks-1',
      revision: n - 1,
      position: Position.encode(1n, BigInt(n)),
      metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', role: 'system' }, occurredAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z', hash: '', previousHash: '' },
    } as RecordedEvent);
  };
  const fetch = async (after: Position, max: number) => {
    const batch = events.filter((e) => e.position > after).slice(0, max);
    reads.push({ at: performance.now(), size: batch.length });
    return batch;
  };
  return { events, reads, append, fetch };
}

/** Wakes a waiting subscription at once whenever something newer than it has was appended, else after 2 ms. */
function wakeUpOn(events: RecordedEvent[]): WakeUp {
  return {
    wait: (after, _attempt, signal) => (events.some((e) => e.position > after) ? Promise.resolve() : sleep(2, signal)),
  };
}

describe('CatchUpSubscription', () => {
  it('delivers every event once and in order while events keep arriving, reading at least the given interval apart once caught up', async () => {
    const { events, reads, append, fetch } = log();
    for (let i = 0; i < 25; i++) append();
    const subscription = new CatchUpSubscription(fetch, wakeUpOn(events), { batchSize: 10 }, 8);
    const seen: number[] = [];
    const writer = (async () => {
      for (let i = 0; i < 40; i++) {
        append();
        await sleep(1);
      }
    })();
    for await (const event of subscription) {
      seen.push((event.data as { n: number }).n);
      if (seen.length === 65) await subscription.stop();
    }
    await writer;
    expect(seen).toEqual(Array.from({ length: 65 }, (_, i) => i + 1));
    // Catching up: full batches are read back to back.
    expect(reads.slice(0, 2).map((r) => r.size)).toEqual([10, 10]);
    expect(reads[1]!.at - reads[0]!.at).toBeLessThan(5);
    // Caught up (from the first short batch on): an append per millisecond, yet reads stay apart
    // and each carries several events.
    const live = reads.slice(reads.findIndex((r) => r.size < 10));
    // (Timers count whole milliseconds from a cached loop time, so allow one and a half short of 8.)
    for (let i = 1; i < live.length; i++) expect(live[i]!.at - live[i - 1]!.at).toBeGreaterThanOrEqual(6.5);
    expect(live.length).toBeLessThan(20);
  });

  it('reads again at once after a short batch when no interval is set and news is waiting', async () => {
    const { events, reads, append, fetch } = log();
    append();
    const subscription = new CatchUpSubscription(fetch, wakeUpOn(events), { batchSize: 10 });
    const seen: string[] = [];
    for await (const event of subscription) {
      seen.push(event.eventId);
      if (seen.length === 1) append();
      if (seen.length === 2) await subscription.stop();
    }
    expect(seen).toEqual(['e1', 'e2']);
    expect(reads[1]!.at - reads[0]!.at).toBeLessThan(5);
  });
});
