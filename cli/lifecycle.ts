import type { Logger } from '../platform/logger';

/**
 * Keeps a long-running role alive until SIGINT or SIGTERM, then runs the shutdown steps in order
 * (stop taking traffic, drain, close connections, stop the embedded database). A second signal
 * while shutting down exits at once.
 */
export function runUntilSignal(log: Logger, shutdown: () => Promise<void>): Promise<never> {
  return new Promise<never>(() => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`${signal} again: exiting without a clean shutdown`);
        process.exit(1);
      }
      stopping = true;
      log.info(`${signal} received: shutting down`);
      shutdown()
        .then(() => {
          log.info('stopped cleanly');
          process.exit(0);
        })
        .catch((error) => {
          log.error('shutdown failed', { error });
          process.exit(1);
        });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
