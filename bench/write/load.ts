import autocannon from 'autocannon';

export interface LoadResult {
  connections: number;
  seconds: number;
  /** 2xx responses per second over the measured run. */
  okPerSecond: number;
  /** Latency percentiles of every response, in ms. */
  p50: number;
  p99: number;
  max: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Status codes other than 2xx, e.g. { "500": 3 }. */
  statuses: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** A new body and Authorization header for every request. */
  next: () => { body: string; authorization: string };
  /** Called between the warm-up and the measured run. */
  onMeasureStart?: () => void;
}

function cannon(options: LoadOptions, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: options.path,
            setupRequest: (request) => {
              const { body, authorization } = options.next();
              return { ...request, body, headers: { ...request.headers, 'content-type': 'application/json', authorization } };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)),
    );
  });
}

/**
 * A closed loop of `connections` keep-alive connections (autocannon, in this process), after a
 * warm-up run of the same shape whose results are dropped.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await cannon(options, options.warmupSeconds);
  options.onMeasureStart?.();
  const result = await cannon(options, options.seconds);
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    if (!code.startsWith('2')) statuses[code] = (stat as { count: number }).count;
  }
  return {
    connections: options.connections,
    seconds: result.duration,
    okPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  };
}
