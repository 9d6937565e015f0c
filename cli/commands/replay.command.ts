import type { Command } from 'commander';
import { setFlagsFromString } from 'node:v8';
import { loadReplayModule } from '../../projections/replay/replay-module-loader';
import { runReplay } from '../../projections/replay/replay-runner';
import { replaySchemaName } from '../../projections/replay/replay-schema';
import { openRuntime } from '../../platform/runtime';
import { ProgressBar } from '../progress';

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'tools for analysts: replay the whole history through your own projection module (see projections/replay/README.md) into the scratch ' +
        'Postgres schema replay_<name>, never touching the live read models; run again to continue from where it stopped, --reset to start over',
    )
    .requiredOption('--projection <module>', 'your projection: a compiled .js module, or .ts (needs the @swc-node/register dev dependency), e.g. projections/replay/examples/orders-per-sku.ts')
    .requiredOption('--into <name>', 'snake_case name of the scratch schema: replay_<name>')
    .option('--reset', 'drop replay_<name> first and replay from the first event')
    .option('--batch-size <n>', 'events per transaction', '500')
    .action(async (options: { projection: string; into: string; reset?: boolean; batchSize: string }) => {
      // Checked before connecting, so a typo changes nothing.
      const schema = replaySchemaName(options.into);
      const batchSize = Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error(`--batch-size ${JSON.stringify(options.batchSize)} must be an integer from 1 to 10000`);
      const module = loadReplayModule(options.projection);
      if (module.projection.description) process.stderr.write(`${options.projection}: ${module.projection.description}\n`);

      // Keeps garbage from growing the heap to 4× the live heap on long histories (see events.command.ts).
      setFlagsFromString('--heap-growing-percent=20');
      const runtime = await openRuntime({ role: 'replay' });
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const bar = new ProgressBar(`replaying into ${schema}`, await runtime.eventStore.estimateEventCount?.());
        let done = 0;
        const result = await runReplay({
          pool: runtime.db.pool,
          eventStore: runtime.eventStore,
          projection: module.projection,
          name: options.into,
          module: { path: module.path, digest: module.digest },
          reset: options.reset,
          batchSize,
          signal: abort.signal,
          onProgress: (p) => bar.update((done = p.events)),
          onNotice: (message) => process.stderr.write(`note: ${message}\n`),
        });
        bar.finish(done || result.events);
        const at = result.lastRecordedAt ? ` (recorded ${result.lastRecordedAt.toISOString()})` : '';
        const verb = result.interrupted ? 'interrupted' : 'stopped';
        process.stdout.write(
          `${schema}: ${verb} at position ${result.position}${at}; ${result.thisRun.toLocaleString('en-US')} events replayed this run in ${result.seconds.toFixed(1)} s, ` +
            `${result.events.toLocaleString('en-US')} in total${result.interrupted ? '; run the same command again to continue' : ''}\n`,
        );
        const table = result.tables[0] ?? '<table>';
        process.stdout.write(`tables: ${result.tables.map((t) => `${schema}.${t}`).join(', ') || '(none)'}\n`);
        process.stdout.write(`query it: psql "$(npx commerce db url --show-password)" -c 'select * from ${schema}.${table} limit 20'\n`);
        if (result.interrupted) process.exitCode = 130;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await runtime.close();
      }
    });
}
