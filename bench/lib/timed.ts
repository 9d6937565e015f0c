import { performance } from 'node:perf_hooks';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface TimedRun {
  /** Operations completed inside the measured window. */
  ops: number;
  /** Units (events, rows) those operations carried. */
  units: number;
  seconds: number;
  /** Latency of each measured operation in ms. */
  latencies: number[];
  opsPerSecond: number;
  unitsPerSecond: number;
}

export interface TimedOptions {
  workers: number;
  seconds: number;
  warmupSeconds: number;
  /** One operation of worker `w`; resolves to the number of units it carried. */
  op: (worker: number) => Promise<number>;
}

/**
 * Runs `workers` closed loops for warm-up + `seconds`; an operation counts when it completes
 * inside the measured window, so operations straddling the edges are neither lost nor doubled.
 */
export async function timedWorkers(options: TimedOptions): Promise<TimedRun> {
  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  let ops = 0;
  let units = 0;
  const latencies: number[] = [];
  const worker = async (w: number) => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const n = await options.op(w);
      const t1 = performance.now();
      if (t1 >= measureFrom && t1 <= end) {
        ops++;
        units += n;
        latencies.push(t1 - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  return { ops, units, seconds: options.seconds, latencies, opsPerSecond: ops / options.seconds, unitsPerSecond: units / options.seconds };
}

/** Samples process RSS every `intervalMs` until stopped; reports the peak in MB. */
export class RssSampler {
  private peak = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;
  readonly startMb = toMb(this.peak);

  constructor(intervalMs = 250) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
  }

  stop(): { startMb: number; peakMb: number } {
    this.sample();
    clearInterval(this.timer);
    return { startMb: this.startMb, peakMb: toMb(this.peak) };
  }
}

const toMb = (bytes: number): number => bytes / (1024 * 1024);

/** Reads a positive number from the environment, or the fallback. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

/** Progress lines go to stderr so stdout holds only the report. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Several rounds of the same measurement, reduced to their median for robustness to noise. */
export interface RoundsRun extends TimedRun {
  rounds: TimedRun[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function medianOf(rounds: TimedRun[]): RoundsRun {
  return {
    rounds,
    ops: rounds.reduce((a, r) => a + r.ops, 0),
    units: rounds.reduce((a, r) => a + r.units, 0),
    seconds: rounds.reduce((a, r) => a + r.seconds, 0),
    latencies: rounds.flatMap((r) => r.latencies),
    opsPerSecond: median(rounds.map((r) => r.opsPerSecond)),
    unitsPerSecond: median(rounds.map((r) => r.unitsPerSecond)),
  };
}

/**
 * Runs two measurements alternately for `rounds` rounds (A B, B A, A B, ...), so drift and
 * bursts of outside load hit both alike; returns each side's median.
 */
export async function interleaved(rounds: number, a: () => Promise<TimedRun>, b: () => Promise<TimedRun>): Promise<[RoundsRun, RoundsRun]> {
  const ra: TimedRun[] = [];
  const rb: TimedRun[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      ra.push(await a());
      rb.push(await b());
    } else {
      rb.push(await b());
      ra.push(await a());
    }
  }
  return [medianOf(ra), medianOf(rb)];
}
