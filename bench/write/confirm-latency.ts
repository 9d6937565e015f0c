import { performance } from 'node:perf_hooks';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { RawHttpClient } from '../lib/raw-http-client';
import { percentile, summarize, type Summary } from '../lib/stats';
import { sleep } from '../lib/timed';

export interface ConfirmRun {
  rate: number;
  /** 202s per second over the measured window. */
  achievedRate: number;
  placed: number;
  /** Non-202 answers and transport errors. */
  failed: number;
  confirmed: number;
  rejected: number;
  /** POST sent → OrderConfirmed seen by this process's subscription; an order never confirmed counts as Infinity. */
  latency: Summary;
  /** POST sent → 202 received. */
  post: Summary;
  /** POST sent → the last event of each type the order caused (by correlation id), p50 and p99 in ms, in order. */
  stages: { type: string; p50: number; p99: number; seen: number }[];
  /** Sends that left more than 5 ms after their slot (the sender could not keep the pace). */
  late: number;
}

export interface ConfirmOptions {
  url: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  /** How long to wait after the last send for the measured orders to be confirmed. */
  settleMs: number;
  next: () => { body: string; authorization: string };
  subscriber: EventStore;
}

interface Sent {
  at: number;
  measured: boolean;
  status?: number;
  answeredAt?: number;
  orderId?: string;
}

function post(client: RawHttpClient, body: string, authorization: string, sent: Sent): void {
  void client.send({ method: 'POST', path: '/orders', authorization, body, keepBody: true }).then((answer) => {
    sent.answeredAt = answer.at;
    sent.status = answer.status;
    try {
      sent.orderId = (JSON.parse(answer.body ?? '') as { id?: string }).id;
    } catch {
      // a non-JSON error page, or none (status 0); counted as failed by its status
    }
  });
}

/**
 * An open-loop client: POST /orders at a fixed rate (each send has its slot; a slow answer never
 * delays the next send), while a subscription to all events (LISTEN-woken, in this process)
 * notes when each order's events arrive. The orders sent after the warm-up are measured.
 */
export async function confirmLatency(options: ConfirmOptions): Promise<ConfirmRun> {
  const arrivals = new Map<string, Map<string, number>>();
  const subscription = options.subscriber.subscribeToAll({ after: await options.subscriber.headPosition(), batchSize: 1000 });
  const consuming = (async () => {
    for await (const event of subscription) {
      const id = event.metadata.correlationId;
      let types = arrivals.get(id);
      if (!types) arrivals.set(id, (types = new Map()));
      types.set(event.type, performance.now());
    }
  })();

  const client = new RawHttpClient(new URL(options.url), undefined, 256);
  const sends: Sent[] = [];
  const total = Math.round(options.rate * (options.warmupSeconds + options.seconds));
  const interval = 1000 / options.rate;
  const start = performance.now() + 50;
  const measureFrom = start + options.warmupSeconds * 1000;
  let late = 0;
  for (let i = 0; i < total; ) {
    const now = performance.now();
    const slot = start + i * interval;
    if (slot > now) {
      await sleep(Math.max(0, Math.floor(slot - now)));
      continue;
    }
    if (now - slot > 5) late++;
    const { body, authorization } = options.next();
    const sent: Sent = { at: now, measured: slot >= measureFrom };
    sends.push(sent);
    post(client, body, authorization, sent);
    i++;
  }
  const lastSend = performance.now();
  const measured = sends.filter((s) => s.measured);
  const done = (s: Sent) => s.status !== undefined && (s.status !== 202 || (s.orderId !== undefined && ['OrderConfirmed', 'OrderRejected'].some((t) => arrivals.get(s.orderId!)?.has(t))));
  while (performance.now() - lastSend < options.settleMs && !measured.every(done)) await sleep(50);
  await subscription.stop();
  await consuming;
  client.close();

  const placed = measured.filter((s) => s.status === 202 && s.orderId);
  const since = (s: Sent, type: string) => {
    const at = arrivals.get(s.orderId!)?.get(type);
    return at === undefined ? undefined : at - s.at;
  };
  const latency = placed.map((s) => since(s, 'OrderConfirmed') ?? Infinity);
  const types = new Set(placed.flatMap((s) => [...(arrivals.get(s.orderId!)?.keys() ?? [])]));
  const stages = [...types]
    .map((type) => {
      const values = placed.map((s) => since(s, type)).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
      return { type, p50: percentile(values, 50), p99: percentile(values, 99), seen: values.length };
    })
    .sort((a, b) => a.p50 - b.p50);
  const windowSeconds = (Math.max(...measured.map((s) => s.at)) - measureFrom) / 1000 || options.seconds;
  return {
    rate: options.rate,
    achievedRate: placed.length / windowSeconds,
    placed: placed.length,
    failed: measured.length - placed.length,
    confirmed: latency.filter(Number.isFinite).length,
    rejected: placed.filter((s) => since(s, 'OrderRejected') !== undefined).length,
    latency: summarize(latency),
    post: summarize(placed.map((s) => s.answeredAt! - s.at)),
    stages,
    late,
  };
}
