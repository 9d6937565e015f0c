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
  resolve(at: Position): void;
}

/** Longest a known live position is used without a notification about its projection (in case notifications are lost). */
const KNOWN_TTL_MS = 500;

/**
 * Read-your-writes: resolves once the live generation of a projection has applied a position.
 * All waiters of a process share one poll (one query for every projection), so a burst of
 * waiting requests costs the database the same as one. Projectors NOTIFY after each batch they
 * commit; with a connection string the waiter LISTENs and polls at once on a notification, and
 * otherwise (or if notifications are lost) every `intervalMs`.
 *
 * It also knows each live position without a query per request (`knownPosition`): read once,
 * then used until a notification says that projection moved (or for at most KNOWN_TTL_MS).
 */
export class PositionWaiter {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private again = false;
  private listener: Promise<Client | undefined> | undefined;
  /** The listening connection is up: no notification since `known` was read has been missed. */
  private listening = false;
  private closed = false;
  /** Live positions as last read, for knownPosition; projections notified since are in `moved`. */
  private known: { positions: Map<string, Position>; at: number } | undefined;
  private readonly moved = new Set<string>();
  private reading: Promise<Map<string, Position>> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly options: { intervalMs?: number; listenUrl?: string } = {},
  ) {}

  /**
   * The live generation's position of a projection, at most as far as the model has applied: a
   * position read earlier is never ahead of the live one (positions only move forward; a rebuilt
   * generation takes over only at or past it). It is read again once a notification says the
   * projection moved or KNOWN_TTL_MS have passed, one query for every projection, shared by all
   * callers at that moment. Without a listening connection (none configured, or lost: also what
   * a restart of Postgres does, which may lose the last asynchronously committed batches) it is
   * read on every call.
   */
  async knownPosition(projection: string): Promise<Position | undefined> {
    this.listen();
    const known = this.known;
    if (this.listening && known && !this.moved.has(projection) && Date.now() - known.at < KNOWN_TTL_MS) return known.positions.get(projection);
    return (await this.readKnown()).get(projection);
  }

  private readKnown(): Promise<Map<string, Position>> {
    if (this.reading) return this.reading;
    // Notifications from here on may be about changes this read does not see: they mark again.
    this.moved.clear();
    const at = Date.now();
    this.reading = this.livePositions()
      .then((positions) => {
        this.known = { positions, at };
        return positions;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private get intervalMs(): number {
    return this.options.intervalMs ?? (this.options.listenUrl ? 50 : 20);
  }

  private listen(): void {
    if (this.listener || !this.options.listenUrl || this.closed) return;
    this.listener = (async () => {
      const client = new Client({ connectionString: this.options.listenUrl, application_name: 'commerce-position-waiter' });
      client.on('error', () => undefined);
      client.on('notification', (message) => {
        if (message.payload) this.moved.add(message.payload);
        this.wake();
      });
      // A lost connection only costs latency (polling continues); the next wait listens again.
      // Known positions are read again meanwhile: changes may have gone unannounced.
      client.on('end', () => {
        this.listener = undefined;
        this.listening = false;
        this.known = undefined;
      });
      try {
        await client.connect();
        await client.query(`listen ${PROGRESS_CHANNEL}`);
        if (this.closed) await client.end();
        else this.listening = true;
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

  /** Resolves with the live position seen at or past `position`. */
  async waitFor(projection: string, position: Position, timeoutMs: number): Promise<Position> {
    const started = Date.now();
    const current = (await this.livePositions()).get(projection) ?? null;
    if (current && current >= position) return current;
    const reached = await new Promise<Position | undefined>((resolve) => {
      const waiter: Waiter = { projection, position, resolve: (at) => (clearTimeout(timeout), this.waiters.delete(waiter), resolve(at)) };
      const timeout = setTimeout(() => (this.waiters.delete(waiter), resolve(undefined)), timeoutMs);
      this.waiters.add(waiter);
      this.listen();
      this.schedule();
    });
    if (!reached) throw new ProjectionNotCaughtUpError(projection, position, (await this.livePositions()).get(projection) ?? null, Date.now() - started);
    return reached;
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
        if (at && at >= w.position) w.resolve(at);
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
