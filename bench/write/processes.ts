import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { sleep } from '../lib/timed';
export { freePort } from '../../test/free-port';

export const ROOT = path.resolve(__dirname, '..', '..');

/** How a bench child runs TypeScript from source: the node flags and the environment they need. */
export const FROM_SOURCE = { nodeArgs: ['-r', '@swc-node/register'], env: { SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') } };


/** A server in its own Node process, separate from the load generator. */
export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  /** Log lines it wrote, grouped by level, message and error name (JSON logs) or by line, most frequent first. */
  logSummary(): { count: number; key: string; example: string }[];
  /** SIGTERM (a clean shutdown), SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills every child still running; for Ctrl-C and fatal errors. */
export function killAll(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const child of running) child.kill(signal);
}

export interface StartOptions {
  name: string;
  /** Script run with `node [BENCH_NODE_ARGS] [nodeArgs] -r @swc-node/register <script> [args]`, relative to the repository root (BENCH_NODE_ARGS: extra node flags for every server, e.g. to compare GC settings). */
  script: string;
  args?: string[];
  nodeArgs?: string[];
  env: Record<string, string>;
  port: number;
  /** GET path that answers 200 once the server takes requests. */
  readyPath: string;
  /** Instead of the GET: resolves true once the process is ready (for a role without HTTP). */
  isReady?: () => Promise<boolean>;
  /** File that receives the child's whole output. */
  logFile?: string;
  timeoutMs?: number;
}

export async function startChild(options: StartOptions): Promise<ChildServer> {
  const argv = [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...(options.nodeArgs ?? []), ...FROM_SOURCE.nodeArgs, options.script, ...(options.args ?? [])];
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, ...FROM_SOURCE.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (running.delete(child), resolve(code))));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const counts = new Map<string, { count: number; key: string; example: string }>();
  const tail: string[] = [];
  let partial = '';
  const file = options.logFile ? createWriteStream(options.logFile) : undefined;
  void exited.then(() => file?.end());
  const onData = (chunk: Buffer) => {
    file?.write(chunk);
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim())) {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      let key = line.slice(0, 120);
      try {
        const parsed = JSON.parse(line) as { level?: string; msg?: string; error?: { name?: string } };
        if (parsed.msg) key = `${parsed.level ?? '?'}: ${parsed.msg}${parsed.error?.name ? ` (${parsed.error.name})` : ''}`;
      } catch {
        // not a JSON log line
      }
      const entry = counts.get(key) ?? { count: 0, key, example: line.slice(0, 600) };
      entry.count++;
      counts.set(key, entry);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (hasExited) throw new Error(`${options.name} exited during start:\n${tail.join('\n')}`);
    try {
      if (options.isReady) {
        if (await options.isReady()) break;
      } else {
        const res = await fetch(url + options.readyPath, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not become ready on ${url}${options.readyPath}:\n${tail.join('\n')}`);
    }
    await sleep(200);
  }
  return {
    name: options.name,
    url,
    pid: child.pid!,
    logSummary: () => [...counts.values()].sort((a, b) => b.count - a.count),
    stop: async (graceMs = 15_000) => {
      if (hasExited) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
