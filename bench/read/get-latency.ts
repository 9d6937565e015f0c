import { fork } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { summarize, type Summary } from '../lib/stats';
import { FROM_SOURCE, ROOT } from '../write/processes';
import { paced } from './paced';
import { RawHttpClient } from '../lib/raw-http-client';

export interface ClosedLoop {
  connections: number;
  seconds: number;
  okPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface OpenLoop {
  rate: number;
  sent: number;
  ok: number;
  /** Answers other than 200 and transport errors, by status ("0" = transport error). */
  statuses: Record<string, number>;
  /** Send → whole answer received, every request of the measured window. */
  latency: Summary;
  late: number;
  /** CPU seconds the generating process used over the whole run (set when it ran in a process of its own). */
  generatorCpuSeconds?: number;
}

export interface OrderGetOptions {
  url: string;
  ids: string[];
  authorization: string;
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

function cannon(options: OrderGetOptions, connections: number, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        connections,
        duration: seconds,
        timeout: 10,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/orders/${pick(options.ids)}`, headers: { ...req.headers, authorization: options.authorization } }) }],
      },
      (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)),
    );
  });
}

/** The most GET /orders/{id} answers per second: a closed loop of keep-alive connections (autocannon), random existing ids. */
export async function closedLoopMax(options: OrderGetOptions & { connections: number; seconds: number; warmupSeconds: number }): Promise<ClosedLoop> {
  if (options.warmupSeconds > 0) await cannon(options, options.connections, options.warmupSeconds);
  const r = await cannon(options, options.connections, options.seconds);
  return { connections: options.connections, seconds: r.duration, okPerSecond: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

export type OpenLoopOptions = OrderGetOptions & { rate: number; seconds: number; warmupSeconds: number };

/** `openLoop` run in a child process of its own (open-loop-process.ts), whose event loop does nothing else. */
export function openLoopInChild(options: OpenLoopOptions): Promise<OpenLoop> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'open-loop-process.ts'), [], {
      cwd: ROOT,
      execArgv: FROM_SOURCE.nodeArgs,
      env: { ...process.env, ...FROM_SOURCE.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answered = false;
    child.once('message', (message: { result?: OpenLoop; error?: string }) => {
      answered = true;
      if (message.result) resolve(message.result);
      else reject(new Error(`the open-loop generator failed: ${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => answered || reject(new Error(`the open-loop generator exited with ${code} before reporting`)));
    child.send(options);
  });
}

/**
 * GET /orders/{id} at a fixed arrival rate: each request leaves on its slot whether or not earlier
 * ones have been answered (an open loop, so a slow answer shows as latency rather than as fewer
 * requests); latency from leaving to the whole answer, requests queued for a free socket included.
 */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoop> {
  const client = new RawHttpClient(new URL(options.url), options.authorization);
  const cpuAtStart = process.cpuUsage();
  const measureFrom = Math.round(options.warmupSeconds * options.rate);
  const answers: Promise<{ status: number; ms: number }>[] = [];
  const run = paced(options.rate, (i, now) => {
    const answer = client.get(`/orders/${pick(options.ids)}`).then((a) => ({ status: a.status, ms: a.at - now }));
    if (i >= measureFrom) answers.push(answer);
  }, Math.round(options.rate * (options.warmupSeconds + options.seconds)));
  const { sent, late } = await run.done;
  const done = await Promise.all(answers);
  client.close();
  const statuses: Record<string, number> = {};
  for (const a of done) if (a.status !== 200) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const cpu = process.cpuUsage(cpuAtStart);
  return { rate: options.rate, sent, ok: done.filter((a) => a.status === 200).length, statuses, latency: summarize(done.map((a) => a.ms)), late, generatorCpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** POST /orders at a steady rate until stopped: the writes happening while reads are measured. */
export function backgroundOrders(url: string, rate: number, next: () => { body: string; authorization: string }) {
  const client = new RawHttpClient(new URL(url), undefined, 64);
  const statuses: Record<string, number> = {};
  const pending = new Set<Promise<void>>();
  const run = paced(rate, () => {
    const { body, authorization } = next();
    const p = client.send({ method: 'POST', path: '/orders', authorization, body }).then((a) => void (statuses[a.status] = (statuses[a.status] ?? 0) + 1));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  });
  return {
    async stop(): Promise<{ sent: number; statuses: Record<string, number> }> {
      run.stop();
      const { sent } = await run.done;
      await Promise.all(pending);
      client.close();
      return { sent, statuses };
    },
  };
}
