import { Client, type Pool } from 'pg';
import type { Logger } from '../../logger';
import { sleep, type WakeUp } from '../catch-up-subscription';
import { Position } from '../position';

const CHANNEL = 'eventstore_appended';
/** At most one NOTIFY per interval: each is a commit of its own, and at one writer they doubled the commits. */
const NOTIFY_INTERVAL_MS = 5;
/** Backoff while a notified append is not yet readable (an older transaction is still open). */
const FAST_POLL_MS = [1, 2, 4, 8, 16, 32, 50];

/**
 * Wakes subscribers after appends, in this process at once and in others through NOTIFY.
 *
 * NOTIFY is sent after the append committed, from a separate statement, and coalesced: one in
 * flight at a time carrying the highest position. Sending it inside the append transaction
 * would take Postgres' global notify lock through the commit and serialise every writer (measured
 * here: 32 writers fell from 13.3k to 3.9k commits/s). A NOTIFY is a transaction of its own, so
 * they are throttled to one per NOTIFY_INTERVAL_MS carrying the newest position, and committed
 * without waiting for the WAL flush. Notifications are only a hint; polling at `pollIntervalMs`
 * covers a lost one or a dropped LISTEN connection. Subscribers in this process are woken at once.
 */
export class AppendNotifier implements WakeUp {
  private latest: Position = Position.START;
  private waiters = new Set<() => void>();
  private pending: Position | undefined;
  private sending = false;
  private listener: Client | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly connectionString: string | undefined,
    private readonly pollIntervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Called by the appending process once the append has committed. */
  appended(position: Position): void {
    this.observe(position);
    this.pending = this.pending ? Position.max(this.pending, position) : position;
    if (!this.sending) void this.flush();
  }

  async wait(after: Position, attempt: number, signal: AbortSignal): Promise<void> {
    this.ensureListening();
    if (this.latest > after) {
      // Something newer was appended but our read did not see it yet: read again soon.
      return sleep(FAST_POLL_MS[Math.min(attempt, FAST_POLL_MS.length - 1)]!, signal);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.pollIntervalMs);
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      }
      waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.waiters]) wake();
    await this.listener?.end().catch(() => undefined);
  }

  private observe(position: Position): void {
    if (position > this.latest) this.latest = position;
    for (const wake of [...this.waiters]) wake();
  }

  private async flush(): Promise<void> {
    this.sending = true;
    try {
      while (this.pending && !this.closed) {
        const position = this.pending;
        this.pending = undefined;
        const started = Date.now();
        // One statement, so its implicit transaction commits without waiting for the WAL flush.
        await this.pool
          .query({ name: 'eventstore_notify', text: `select set_config('synchronous_commit', 'off', true), pg_notify($1, $2)`, values: [CHANNEL, position] })
          .catch((error) => {
            this.log.debug('could not send the append notification; subscribers will poll', { error });
          });
        const wait = NOTIFY_INTERVAL_MS - (Date.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    } finally {
      this.sending = false;
    }
  }

  private ensureListening(): void {
    if (this.listening || this.closed || !this.connectionString) return;
    this.listening = this.listen().catch((error) => {
      this.log.warn('LISTEN connection failed; subscribers fall back to polling until it is back', { error });
      this.listening = undefined;
      if (!this.closed) setTimeout(() => this.ensureListening(), 1000).unref();
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, application_name: 'commerce-listen' });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && Position.isPosition(message.payload)) this.observe(message.payload);
    });
    client.on('error', (error) => this.log.warn('LISTEN connection error', { error }));
    client.on('end', () => {
      if (this.listener === client) {
        this.listener = undefined;
        this.listening = undefined;
        // Wake everyone so they re-read; the next wait re-establishes LISTEN.
        for (const wake of [...this.waiters]) wake();
      }
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
  }
}
