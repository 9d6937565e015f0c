import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
export { freePort } from './free-port';

export const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'commerce.js');

export interface RunningCommand {
  child: ChildProcess;
  output(): string;
  /** Standard output alone (a report or JSON, without the progress lines on stderr). */
  stdout(): string;
  /** Resolves when the combined output matches, rejects if the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited(timeoutMs?: number): Promise<number | null>;
}

/** Runs the real `commerce` binary (the compiled CLI, as a user would) with the given environment. */
export function commerce(args: string[], env: Record<string, string | undefined>): RunningCommand {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', DATABASE_URL: undefined, METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of [...listeners]) l();
  };
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    stdout: () => stdout,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(out)) done(resolve);
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`))), timeoutMs);
        const done = (fn: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          fn();
        };
        listeners.add(check);
        void exit.then((code) => {
          if (!pattern.test(out)) done(() => reject(new Error(`exited with ${code} before ${pattern}; output:\n${out}`)));
        });
        check();
      }),
    exited: (timeoutMs = 30_000) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not exit within ${timeoutMs} ms; output:\n${out}`)), timeoutMs);
      });
      return Promise.race([exit, timeout]).finally(() => clearTimeout(timer));
    },
  };
}


/** A fresh data directory under .data/ (git-ignored), removed by the returned cleanup. */
export function tempDataDir(name: string): { dir: string; remove(): void } {
  const dir = path.join(ROOT, '.data', 'e2e', `${name}-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

