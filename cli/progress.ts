/**
 * Progress for long work on stderr: a redrawn bar on a terminal, a plain line every few seconds
 * otherwise (CI logs, pipes), so output piped to a file stays clean on stdout.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private total: number | undefined,
    private readonly unit = 'events',
  ) {}

  update(done: number, total = this.total): void {
    this.total = total;
    const now = Date.now();
    if (now - this.lastDraw < (this.tty ? 100 : 5000)) return;
    this.lastDraw = now;
    this.draw(done, false);
  }

  finish(done: number): void {
    this.draw(done, true);
  }

  private draw(done: number, final: boolean): void {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = done / seconds;
    const total = this.total && this.total >= done ? this.total : undefined;
    const ratio = total ? done / total : undefined;
    const width = 24;
    const bar = ratio !== undefined ? `[${'#'.repeat(Math.round(ratio * width)).padEnd(width, '-')}] ${(ratio * 100).toFixed(0).padStart(3)}% ` : '';
    const eta = total && rate > 0 && !final ? ` ETA ${formatDuration((total - done) / rate)}` : final ? ` in ${formatDuration(seconds)}` : '';
    const line = `${this.label} ${bar}${done.toLocaleString('en-US')}${total ? `/${total.toLocaleString('en-US')}` : ''} ${this.unit} ${Math.round(rate).toLocaleString('en-US')} ${this.unit}/s${eta}`;
    if (this.tty) process.stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${Math.round(seconds % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}
