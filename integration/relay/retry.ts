import type { Logger } from '../../platform/logger';

export class StoppedError extends Error {
  constructor() {
    super('stopped');
    this.name = 'StoppedError';
  }
}

export const DEFAULT_RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/**
 * Runs `work` until it succeeds, waiting longer after each failure (the last delay repeats). Only
 * a stop ends it early, with StoppedError: giving up on an event would lose it, and skipping it
 * would break the order of its key.
 */
export async function retryUntilDone<T>(
  work: () => Promise<T>,
  options: { signal: AbortSignal; log: Logger; what: string; fields?: Record<string, unknown>; delaysMs?: readonly number[]; onWait?: () => Promise<void> },
): Promise<T> {
  const delays = options.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    if (options.signal.aborted) throw new StoppedError();
    try {
      return await work();
    } catch (error) {
      if (options.signal.aborted) throw new StoppedError();
      const delayMs = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
      options.log[attempt >= 3 ? 'error' : 'warn'](`${options.what} failed; retrying`, { ...options.fields, attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, options.signal);
      await options.onWait?.();
    }
  }
}
