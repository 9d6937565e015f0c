import type { Logger } from '../platform/logger';

/**
 * Signal handling for long-running roles, installed before anything starts: SIGINT or SIGTERM
 * runs the shutdown steps in order (stop taking traffic, drain, close connections, stop the
 * embedded database). A signal that arrives while the role is still starting is honoured as soon
 * as startup finishes. A second signal exits at once.
 */
export class Lifecycle {
  private signal: NodeJS.Signals | undefined;
  private shutdown: (() => Promise<void>) | undefined;
  private stopping = false;

  constructor(private readonly log: Logger) {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Startup is complete: from now on a signal runs `shutdown` (at once if one came already). */
  runUntilSignal(shutdown: () => Promise<void>): Promise<never> {
    this.shutdown = shutdown;
    if (this.signal) this.stop(this.signal);
    return new Promise<never>(() => undefined);
  }

  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.stopping || (this.signal && !this.shutdown)) {
      this.log.warn(`${signal} again: exiting without a clean shutdown`);
      process.exit(1);
    }
    this.signal = signal;
    if (this.shutdown) this.stop(signal);
    else this.log.info(`${signal} received while starting: stopping once started`);
  };

  private stop(signal: NodeJS.Signals): void {
    if (this.stopping) return;
    this.stopping = true;
    this.log.info(`${signal} received: shutting down`);
    this.shutdown!()
      .then(() => {
        this.log.info('stopped cleanly');
        process.exit(0);
      })
      .catch((error) => {
        this.log.error('shutdown failed', { error });
        process.exit(1);
      });
  }
}

/** For roles without a startup phase worth guarding. */
export function runUntilSignal(log: Logger, shutdown: () => Promise<void>): Promise<never> {
  return new Lifecycle(log).runUntilSignal(shutdown);
}
