import { Client, type Pool } from 'pg';
import { Position } from '../../platform/event-store/position';
import { PROGRESS_CHANNEL } from './projection-registry';

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
 * All waiters of a process share one poll (one query for every projection), so a burst of
 * waiting requests costs the database the same as one. Projectors NOTIFY after each batch they
 * commit; with a connection string the waiter LISTENs and polls at once on a notification, and
 * otherwise (or if notifications are lost) every `intervalMs`.
 */
export class PositionWaiter {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private again = false;
  private listener: Promise<Client | undefined> | undefined;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly options: { intervalMs?: number; listenUrl?: string } = {},
  ) {}

  private get intervalMs(): number {
    return this.options.intervalMs ?? (this.options.listenUrl ? 50 : 20);
  }

  private listen(): void {
    if (this.listener || !this.options.listenUrl || this.closed) return;
    this.listener = (async () => {
      const client = new Client({ connectionString: this.options.listenUrl, application_name: 'commerce-position-waiter' });
      client.on('error', () => undefined);
      client.on('notification', () => this.wake());
      // A lost connection only costs latency (polling continues); the next wait listens again.
      client.on('end', () => (this.listener = undefined));
      try {
        await client.connect();
        await client.query(`listen ${PROGRESS_CHANNEL}`);
        if (this.closed) await client.end();
        return client;
      } catch {
        this.listener = undefined;
        await client.end().catch(() => undefined);
        return undefined;
      }
    })();
  }

  private wake(): void {
    if (this.waiters.size === 0) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.poll();
  }

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
      this.listen();
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
      if (this.again) {
        this.again = false;
        this.wake();
      } else {
        this.schedule();
      }
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.waiters.clear();
    void this.listener?.then((client) => client?.end().catch(() => undefined));
  }
}
