import { Client } from 'pg';
import type { Logger } from '../logger';
import { leaseHeld } from '../observability/metrics';

/**
 * "Only one active instance of X" across processes: a Postgres session advisory lock held on a
 * dedicated connection. It is released when the holder's connection ends, so a crashed or
 * partitioned holder loses it and a standby takes over, without any expiry to tune.
 */
export class AdvisoryLease {
  private client: Client | undefined;
  private lost: (() => void) | undefined;

  constructor(
    private readonly connectionString: string,
    readonly name: string,
    private readonly log: Logger,
    private readonly retryMs = 1000,
  ) {}

  /** Waits until this process holds the lease (or `signal` aborts: then resolves false). */
  async acquire(signal: AbortSignal): Promise<boolean> {
    let announced = false;
    // 0 while waiting, so "nobody holds it" is visible while standbys are up; the series goes on release.
    leaseHeld.set({ lease: this.name }, 0);
    while (!signal.aborted) {
      try {
        const client = new Client({ connectionString: this.connectionString, application_name: `commerce-lease:${this.name}` });
        client.on('error', () => undefined);
        await client.connect();
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [`commerce:${this.name}`]);
        if (rows[0]?.ok && signal.aborted) {
          await client.end();
          leaseHeld.remove({ lease: this.name });
          return false;
        }
        if (rows[0]?.ok) {
          this.client = client;
          leaseHeld.set({ lease: this.name }, 1);
          client.on('end', () => {
            if (this.client === client) leaseHeld.set({ lease: this.name }, 0);
            this.lost?.();
          });
          this.log.info('holding the lease: this instance is active', { lease: this.name });
          return true;
        }
        await client.end();
        if (!announced) this.log.info('another instance holds the lease: standing by', { lease: this.name });
        announced = true;
      } catch (error) {
        this.log.warn('could not try the lease; retrying', { lease: this.name, error });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.retryMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    leaseHeld.remove({ lease: this.name });
    return false;
  }

  /** Called once if the lease's connection ends while held (the database restarted, the network failed). */
  onLost(callback: () => void): void {
    this.lost = callback;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.lost = undefined;
    leaseHeld.remove({ lease: this.name });
    if (client) await client.end().catch(() => undefined);
  }
}
