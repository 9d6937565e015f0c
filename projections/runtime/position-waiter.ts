import type { Pool } from 'pg';
import { Position } from '../../platform/event-store/position';

export class ProjectionNotCaughtUpError extends Error {
  readonly code = 'PROJECTION_NOT_CAUGHT_UP';
  constructor(readonly projection: string, readonly wanted: Position, readonly current: Position | null, readonly waitedMs: number) {
    super(
      `Projection ${projection} has not reached position ${wanted} after ${waitedMs} ms (it is at ${current ?? 'nothing yet'}); retry shortly, or read without X-Min-Position for the current state`,
    );
    this.name = 'ProjectionNotCaughtUpError';
  }
}

interface Waiter {
  projection: string;
  position: Position;
  resolve(): void;
}

/**
 * Read-your-writes: resolves once the live generation of a projection has applied a position.
 * All waiters of a process share one poll (one query for every projection per tick), so a burst
 * of waiting requests costs the database the same as one.
 */
export class PositionWaiter {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly pool: Pool, private readonly intervalMs = 20) {}

  async livePositions(): Promise<Map<string, Position>> {
    const { rows } = await this.pool.query<{ projection: string; position: string }>(
      `select projection, position from projections.generations where phase = 'live'`,
    );
    return new Map(rows.map((r) => [r.projection, Position.parse(r.position)]));
  }

  async waitFor(projection: string, position: Position, timeoutMs: number): Promise<void> {
    const started = Date.now();
    const current = (await this.livePositions()).get(projection) ?? null;
    if (current && current >= position) return;
    const reached = await new Promise<boolean>((resolve) => {
      const waiter: Waiter = { projection, position, resolve: () => (clearTimeout(timeout), this.waiters.delete(waiter), resolve(true)) };
      const timeout = setTimeout(() => (this.waiters.delete(waiter), resolve(false)), timeoutMs);
      this.waiters.add(waiter);
      this.schedule();
    });
    if (!reached) throw new ProjectionNotCaughtUpError(projection, position, (await this.livePositions()).get(projection) ?? null, Date.now() - started);
  }

  private schedule(): void {
    if (this.timer || this.polling || this.waiters.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), this.intervalMs);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    this.polling = true;
    try {
      const positions = await this.livePositions();
      for (const w of [...this.waiters]) {
        const at = positions.get(w.projection);
        if (at && at >= w.position) w.resolve();
      }
    } catch {
      // The next tick tries again; each waiter still ends by its own timeout.
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.waiters.clear();
  }
}
