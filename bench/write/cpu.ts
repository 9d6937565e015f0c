import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** CPU seconds used so far, per process group of the benchmark (Linux /proc; empty elsewhere). */
export type CpuSample = Record<string, number>;

const TICKS = 100; // USER_HZ on Linux

function stat(pid: number | string): { ppid: number; own: number; children: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name "(...)": state ppid ... utime(14) stime(15) cutime(16) cstime(17).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    return { ppid: n(4), own: (n(14) + n(15)) / TICKS, children: (n(16) + n(17)) / TICKS };
  } catch {
    return undefined;
  }
}

/** The postmaster's pid from <dataDir>/postgres/postmaster.pid, when the embedded server is used. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Node processes count their own CPU; Postgres counts the postmaster, every live backend and the
 * backends that already exited (reaped into the postmaster's children time).
 */
export function sampleCpu(processes: Record<string, number>, postmaster: number | undefined): CpuSample {
  const sample: CpuSample = {};
  for (const [name, pid] of Object.entries(processes)) {
    const s = stat(pid);
    if (s) sample[name] = s.own;
  }
  if (postmaster !== undefined) {
    const main = stat(postmaster);
    if (main) {
      let total = main.own + main.children;
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const s = stat(entry);
        if (s?.ppid === postmaster) total += s.own;
      }
      sample.postgres = total;
    }
  }
  const idle = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  sample['machine busy'] = (idle.reduce((a, b) => a + b, 0) - idle[3]! - (idle[4] ?? 0)) / TICKS;
  return sample;
}

/** CPU milliseconds per request for each process between two samples, and how busy the machine was (and with what else). */
export function cpuNote(label: string, before: CpuSample, after: CpuSample, requests: number, seconds: number, cores: number): string {
  const ours = Object.keys(after).filter((k) => k !== 'machine busy' && before[k] !== undefined);
  const delta = (k: string) => after[k]! - before[k]!;
  const parts = ours.map((k) => `${k} ${((delta(k) * 1000) / Math.max(requests, 1)).toFixed(2)}`);
  const percent = (cpuSeconds: number) => ((cpuSeconds / (seconds * cores)) * 100).toFixed(0);
  const busy = before['machine busy'] === undefined ? '' : `; machine ${percent(delta('machine busy'))}% busy`;
  const other = before['machine busy'] === undefined ? '' : `, ${percent(delta('machine busy') - ours.reduce((a, k) => a + delta(k), 0))}% by other processes`;
  return `${label}: CPU ms per request: ${parts.join(', ')}${busy}${other} over ${seconds.toFixed(1)} s`;
}
