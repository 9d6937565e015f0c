import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { round } from './stats';

/** One line of a benchmark report, as written to bench/results/*.json. */
export interface BenchResult {
  target: string;
  /** Null when the target could not be measured (see the notes). */
  value: number | null;
  unit: string;
  /** The physical limit the value is compared with, in the same unit. */
  limit: number | null;
  ratio: number | null;
  /** E.g. ">= 0.7" (on the ratio) or "< 10 ms" (on the value); null when informational. */
  goal: string | null;
  pass: boolean | null;
}

type Comparison = '>=' | '>' | '<=' | '<';

function compare(actual: number, op: Comparison, threshold: number): boolean {
  if (op === '>=') return actual >= threshold;
  if (op === '>') return actual > threshold;
  if (op === '<=') return actual <= threshold;
  return actual < threshold;
}

/** A throughput held against a physical limit; the goal applies to value / limit. */
export function ratioResult(target: string, value: number | null, unit: string, limit: number | null, goal?: [Comparison, number]): BenchResult {
  const ratio = value !== null && limit !== null && limit > 0 ? round(value / limit, 3) : null;
  return {
    target,
    value: value === null ? null : round(value, 1),
    unit,
    limit: limit === null ? null : round(limit, 1),
    ratio,
    goal: goal ? `${goal[0]} ${goal[1]}` : null,
    pass: goal ? (ratio === null ? false : compare(ratio, goal[0], goal[1])) : null,
  };
}

/** A value with an absolute goal (latency, memory). */
export function thresholdResult(target: string, value: number | null, unit: string, goal: [Comparison, number]): BenchResult {
  return {
    target,
    value: value === null ? null : round(value, 2),
    unit,
    limit: null,
    ratio: null,
    goal: `${goal[0]} ${goal[1]} ${unit}`,
    pass: value === null || Number.isNaN(value) ? false : compare(value, goal[0], goal[1]),
  };
}

/** An informational measurement without a goal. */
export function infoResult(target: string, value: number | null, unit: string, limit: number | null = null): BenchResult {
  return ratioResult(target, value, unit, limit);
}

function formatNumber(value: number | null): string {
  if (value === null) return '-';
  if (Number.isNaN(value)) return 'n/a';
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(value);
}

/** Prints an aligned text table: target | value | unit | limit | ratio | goal | pass. */
export function printTable(results: readonly BenchResult[], out: (line: string) => void = console.log): void {
  const header = ['target', 'value', 'unit', 'limit', 'ratio', 'goal', 'pass'];
  const rows = results.map((r) => [
    r.target,
    formatNumber(r.value),
    r.unit,
    formatNumber(r.limit),
    r.ratio === null ? '-' : r.ratio.toFixed(3),
    r.goal ?? '-',
    r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = new Set([1, 3, 4]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ').trimEnd();
  out(line(header));
  out(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) out(line(row));
}

export function writeResults(file: string, results: readonly BenchResult[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}

/** The targets that have a goal and missed it. */
export const failures = (results: readonly BenchResult[]): BenchResult[] => results.filter((r) => r.pass === false);

/** The end of every benchmark run: the table, the notes, which goals failed, and the JSON file. */
export function finishReport(file: string, results: readonly BenchResult[], notes: readonly string[]): void {
  console.log('');
  printTable(results);
  console.log('\nNotes');
  for (const note of notes) console.log(`  - ${note}`);
  const failed = failures(results);
  console.log(failed.length ? `\nFAILED goals (${failed.length}): ${failed.map((f) => f.target).join('; ')}` : '\nAll goals met.');
  writeResults(file, results);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}
