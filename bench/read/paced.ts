import { performance } from 'node:perf_hooks';
import { sleep } from '../lib/timed';

export interface PacedRun {
  sent: number;
  /** Sends that left more than 5 ms after their slot: this process could not keep the pace. */
  late: number;
}

export interface Paced {
  done: Promise<PacedRun>;
  /** Ends an open-ended run after the current send. */
  stop(): void;
}

/**
 * An open loop: send number i leaves at start + i / rate whatever happened to earlier ones (a slow
 * answer never delays the next send). Runs `total` sends, or until stopped when `total` is omitted.
 * `send` must not block: it starts a request and returns.
 */
export function paced(rate: number, send: (i: number, now: number) => void, total = Infinity): Paced {
  let stopped = false;
  const interval = 1000 / rate;
  const done = (async () => {
    const start = performance.now() + 20;
    let late = 0;
    let i = 0;
    while (i < total && !stopped) {
      const now = performance.now();
      const slot = start + i * interval;
      if (slot > now) {
        await sleep(Math.max(0, Math.floor(slot - now)));
        continue;
      }
      if (now - slot > 5) late++;
      send(i, now);
      i++;
      // Catching up sends back to back; let answers in now and then, or a generator that has fallen behind never reads them.
      if (i % 8 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { sent: i, late };
  })();
  return { done, stop: () => void (stopped = true) };
}
