import type { Command } from 'commander';
import { projections } from '../../projections/catalog';
import { openReadSide, selectProjections, type ReadSide } from '../../projections/read-side';
import { rebuild } from '../../projections/runtime/rebuild';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { createLogger } from '../../platform/logger';
import { Lifecycle } from '../lifecycle';
import { ProgressBar } from '../progress';
import { projectionStatus } from '../../read-api/projection-status';

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  process.stdout.write(line(header) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join(''));
}

/** The projector role: one process keeps every read model live, builds new versions and switches them over. */
export async function startProjector(readSide: ReadSide, only?: string[]): Promise<{ close(): Promise<void> }> {
  const projector = readSide.createProjector(only);
  await projector.start();
  readSide.runtime.log.info('projector running', { projections: projector.projections.map((p) => `${p.name} v${p.version}`) });
  return { close: () => projector.stop() };
}

async function withReadSide<T>(role: string, work: (readSide: ReadSide, runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime({ role });
  try {
    const readSide = await openReadSide(runtime);
    try {
      return await work(readSide, runtime);
    } finally {
      await readSide.close();
    }
  } finally {
    await runtime.close();
  }
}

function projectionNamed(name: string) {
  return selectProjections([name])[0]!;
}

export function registerProjectionCommands(program: Command): void {
  program
    .command('projector')
    .description('run the projector role: keeps every read model up to date (one active worker per read model across instances; others stand by)')
    .option('--only <names>', 'comma-separated read models to run (default: all), e.g. order_summary,stock_level')
    .action(async (options: { only?: string }) => {
      const only = options.only?.split(',').map((s) => s.trim()).filter(Boolean);
      selectProjections(only); // fail on a typo before starting anything
      const lifecycle = new Lifecycle(createLogger('projector'));
      const runtime = await openRuntime({ role: 'projector' });
      const readSide = await openReadSide(runtime).catch(async (error) => {
        await runtime.close();
        throw error;
      });
      const service = await startProjector(readSide, only);
      return lifecycle.runUntilSignal(async () => {
        await service.close();
        await readSide.close();
        await runtime.close();
      });
    });

  const group = program.command('projections').description('tools for operators: read models, their versions, rebuilds');

  group
    .command('list')
    .description('list the read models this build maintains')
    .action(() => {
      for (const p of projections) process.stdout.write(`${p.name.padEnd(18)} v${p.version}  ${p.kind.padEnd(9)}  ${p.description}\n`);
    });

  group
    .command('status')
    .description('each read model: version, state, position, lag (events and seconds), rebuild progress and pending dead letters')
    .option('--json', 'print the status as JSON')
    .action(async (options: { json?: boolean }) => {
      await withReadSide('projections', async (readSide, runtime) => {
        const status = await projectionStatus({ registry: readSide.registry, deadLetters: readSide.deadLetters, eventStore: runtime.eventStore });
        if (options.json) {
          process.stdout.write(JSON.stringify(status, null, 2) + '\n');
          return;
        }
        const rows = status.map((p) => [
          p.name,
          `v${p.version}`,
          p.live ? `g${p.live.generation}${p.live.version !== p.version ? ` (v${p.live.version}, replaced)` : ''}` : '-',
          p.live?.state ?? 'not built',
          p.live?.position ?? '-',
          p.live ? `${p.live.lagEvents ?? '?'} ev / ${p.live.lagSeconds} s` : '-',
          p.building ? `g${p.building.generation} ${p.building.percent ?? '?'}%` : '-',
          String(p.deadLetters.pending),
        ]);
        printTable(['projection', 'code', 'live', 'state', 'position', 'lag', 'rebuilding', 'dead letters'], rows);
        for (const p of status) if (p.live?.error) process.stdout.write(`\n${p.name} stopped: ${p.live.error}\n`);
      });
    });

  group
    .command('rebuild <name>')
    .description('build the read model again from the first event into a new table/collection/index while the live one keeps serving; readers switch once it has caught up. Interrupted? Run it again to resume.')
    .action(async (name: string) => {
      const projection = projectionNamed(name);
      await withReadSide('projections', async (readSide, runtime) => {
        const abort = new AbortController();
        const onSignal = () => abort.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const bar = new ProgressBar(`rebuilding ${name}`, undefined);
        let done = 0;
        try {
          const result = await rebuild(readSide.createProjector(), runtime.eventStore, projection, {
            signal: abort.signal,
            onProgress: (p) => bar.update((done = p.done), p.done + p.remaining),
          });
          bar.finish(done);
          if (result.completed) {
            process.stdout.write(`${name}: generation ${result.generation} is live (${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s); the previous one is dropped after PROJECTION_DROP_GRACE_SECONDS\n`);
          } else {
            process.stdout.write(`${name}: rebuild of generation ${result.generation} interrupted after ${result.events.toLocaleString('en-US')} events; run the same command again to resume\n`);
            process.exitCode = 130;
          }
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      });
    });
}
