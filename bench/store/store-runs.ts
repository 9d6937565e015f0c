import { performance } from 'node:perf_hooks';
import type { ExpectedRevision } from '../../platform/event-store/event-store.port';
import type { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { summarize, type Summary } from '../lib/stats';
import { RssSampler, sleep } from '../lib/timed';
import { benchEvents, benchStream } from './fixtures';

/** One append of `eventsPerAppend` events per operation; each worker its own stream, exact expected revision. */
export function appendOp(store: PostgresEventStore, eventsPerAppend: number, label: string): (worker: number) => Promise<number> {
  const streams = new Map<number, { id: string; expected: ExpectedRevision }>();
  return async (worker) => {
    let stream = streams.get(worker);
    if (!stream) streams.set(worker, (stream = { id: benchStream(label), expected: 'no_stream' }));
    const result = await store.append(stream.id, benchEvents(eventsPerAppend), stream.expected);
    stream.expected = result.nextRevision;
    return eventsPerAppend;
  };
}

/** Appends until `total` events are written, `writers` concurrent streams, `batch` events per append. */
export async function appendEvents(store: PostgresEventStore, total: number, writers: number, batch: number, label: string): Promise<number> {
  const op = appendOp(store, batch, label);
  let remaining = total;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (remaining > 0) {
        remaining -= batch;
        await op(w);
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

export interface LatencyRun {
  appends: number;
  delivered: number;
  /** Appends actually acknowledged per second over the paced window. */
  achievedRate: number;
  /** Delivery minus acknowledgement, ms, after the warm-up. */
  latency: Summary;
  /** Append call to acknowledgement, ms, after the warm-up (informational). */
  appendLatency: Summary;
  /** Deliveries that arrived before their append's promise resolved (counted as 0 ms). */
  early: number;
}

/**
 * A subscriber (its own store instance and pool, LISTEN-woken) reads from the head while `writers`
 * streams append one event each, paced to `rate` appends/s in total for `seconds`. The first
 * `warmupSeconds` are excluded from the percentiles but must still be delivered.
 */
export async function subscriptionLatency(
  appender: PostgresEventStore,
  subscriber: PostgresEventStore,
  options: { rate: number; seconds: number; warmupSeconds: number; writers: number },
): Promise<LatencyRun> {
  const total = Math.round(options.rate * (options.seconds + options.warmupSeconds));
  const ackAt = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const deliveredAt = new Map<string, number>();
  let caughtUp!: () => void;
  const ready = new Promise<void>((resolve) => (caughtUp = resolve));
  const subscription = subscriber.subscribeToAll({ after: await subscriber.headPosition(), onCaughtUp: () => caughtUp() });
  const consuming = (async () => {
    for await (const event of subscription) {
      deliveredAt.set(event.eventId, performance.now());
      if (deliveredAt.size >= total) break;
    }
  })();
  await ready;
  await sleep(500); // Let the LISTEN connection come up before the first append.

  const interval = 1000 / options.rate;
  const t0 = performance.now();
  let next = 0;
  const warmupUntil = Math.round(options.rate * options.warmupSeconds);
  const measured: string[] = [];
  await Promise.all(
    Array.from({ length: options.writers }, async () => {
      const stream = benchStream('sub');
      let expected: ExpectedRevision = 'no_stream';
      for (let i = next++; i < total; i = next++) {
        const due = t0 + i * interval - performance.now();
        if (due > 1) await sleep(due);
        const [event] = benchEvents(1);
        const id = event!.eventId;
        sentAt.set(id, performance.now());
        const result = await appender.append(stream, [event!], expected);
        ackAt.set(id, performance.now());
        expected = result.nextRevision;
        if (i >= warmupUntil) measured.push(id);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const deadline = performance.now() + 5000;
  while (deliveredAt.size < total && performance.now() < deadline) await sleep(20);
  await subscription.stop();
  await consuming;

  let early = 0;
  const latencies: number[] = [];
  const appendLatencies: number[] = [];
  for (const id of measured) {
    const delivered = deliveredAt.get(id);
    const ack = ackAt.get(id)!;
    appendLatencies.push(ack - sentAt.get(id)!);
    if (delivered === undefined) continue;
    if (delivered < ack) early++;
    latencies.push(Math.max(0, delivered - ack));
  }
  const delivered = [...ackAt.keys()].filter((id) => deliveredAt.has(id)).length;
  return { appends: total, delivered, achievedRate: total / elapsed, latency: summarize(latencies), appendLatency: summarize(appendLatencies), early };
}

/** Appends `total` events while sampling RSS every 250 ms. */
export async function appendWithRss(store: PostgresEventStore, total: number): Promise<{ seconds: number; startMb: number; peakMb: number }> {
  global.gc?.();
  const sampler = new RssSampler(250);
  const seconds = await appendEvents(store, total, 4, 100, 'rss');
  return { seconds, ...sampler.stop() };
}
