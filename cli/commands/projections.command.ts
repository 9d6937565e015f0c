import os from 'node:os';
import type { Command } from 'commander';
import { projections } from '../../projections/catalog';
import { openReadSide, projectionsOfKinds, selectProjections, STORE_KINDS, type ReadSide } from '../../projections/read-side';
import type { OperatorResult, ProjectionOperator } from '../../projections/runtime/operator-actions';
import type { OperatorActor } from '../../projections/runtime/operator-audit';
import { rebuild } from '../../projections/runtime/rebuild';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { createLogger } from '../../platform/logger';
import { Lifecycle } from '../lifecycle';
import { ProgressBar } from '../progress';
import { projectionStatus } from '../../read-api/projection-status';
import { exportProjectionMetrics } from '../../projections/projection-metrics';

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  process.stdout.write(line(header) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join(''));
}

/** The projector role: one process keeps every read model live, builds new versions and switches them over. */
export async function startProjector(readSide: ReadSide, only?: string[]): Promise<{ close(): Promise<void> }> {
  const projector = readSide.createProjector(only);
  await projector.start();
  const { registry, deadLetters, runtime } = readSide;
  const unexport = exportProjectionMetrics({ registry, deadLetters, eventStore: runtime.eventStore, projections: projector.projections.map((p) => p.name) });
  runtime.log.info('projector running', { projections: projector.projections.map((p) => `${p.name} v${p.version}`) });
  return {
    close: () => {
      unexport();
      return projector.stop();
    },
  };
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

interface OperatorOptions {
  actor?: string;
  json?: boolean;
}

/** The CLI's operator is whoever runs it, unless they name someone (a ticket, a shared account) with --actor. */
function cliActor(actor?: string): OperatorActor {
  let user: string | undefined;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME; // a container user without a passwd entry
  }
  return { subject: actor ?? user ?? `uid:${process.getuid?.() ?? 'unknown'}`, role: null, via: 'cli' };
}

/** Runs one operator action through the same service as the admin HTTP routes and prints its outcome. */
function operate(options: OperatorOptions, action: (operator: ProjectionOperator, actor: OperatorActor) => Promise<OperatorResult>): Promise<void> {
  return withReadSide('projections', async (readSide) => {
    const result = await action(readSide.createProjector().operator(), cliActor(options.actor));
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${result.message}\n`);
  });
}

function operatorCommand(group: Command, spec: string, description: string): Command {
  return group.command(spec).description(description).option('--actor <who>', 'who is acting, for the audit log (default: the OS user)').option('--json', 'print the outcome as JSON');
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function registerOperatorCommands(group: Command): void {
  operatorCommand(group, 'pause <name>', 'stop applying events to a read model (its live generation and any rebuild); reads keep answering from where it stopped')
    .action((name: string, options: OperatorOptions) => operate(options, (op, actor) => op.pause(name, actor)));
  operatorCommand(group, 'resume <name>', 'resume a paused read model from its checkpoint (one stopped on a dead letter needs retry or skip)')
    .action((name: string, options: OperatorOptions) => operate(options, (op, actor) => op.resume(name, actor)));
  operatorCommand(group, 'reset <name>', 'with --to: rewind the live checkpoint so later events are applied again (guarded writes keep what the model has); without: rebuild from the first event beside the live one, switched to once caught up')
    .option('--to <position>', 'the position to rewind to (at or before the current one; 0 x 32 for the beginning)')
    .action((name: string, options: OperatorOptions & { to?: string }) => operate(options, (op, actor) => op.reset(name, { toPosition: options.to }, actor)));
  operatorCommand(group, 'retry <name>', 'retry a pending dead letter (default: every pending one): the worker applies its event again')
    .option('--id <deadLetterId>', 'the dead letter, as listed by dead-letters')
    .action((name: string, options: OperatorOptions & { id?: string }) => operate(options, (op, actor) => op.retry(name, { id: options.id }, actor)));
  operatorCommand(group, 'skip <name>', 'leave a pending dead letter’s event out of the read model for good and carry on after it (only the event right after the checkpoint)')
    .requiredOption('--id <deadLetterId>', 'the dead letter, as listed by dead-letters')
    .action((name: string, options: OperatorOptions & { id: string }) => operate(options, (op, actor) => op.skip(name, { id: options.id }, actor)));

  group
    .command('dead-letters <name>')
    .description('events a read model’s handler kept failing on: id, event, error and status (pending, retried, skipped)')
    .option('--status <status>', 'only pending, retried or skipped ones')
    .option('--json', 'print them as JSON')
    .action((name: string, options: { status?: string; json?: boolean }) =>
      withReadSide('projections', async (readSide) => {
        const letters = await readSide.createProjector().operator().deadLetters(name, { status: options.status });
        if (options.json) return void process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
        if (!letters.length) return void process.stdout.write(`${name}: no dead letters${options.status ? ` with status ${options.status}` : ''}\n`);
        printTable(
          ['id', 'gen', 'status', 'event', 'event id', 'position', 'attempts', 'recorded', 'error'],
          letters.map((l) => [String(l.id), `g${l.generation}`, l.resolvedBy ? `${l.status} (${l.resolvedBy})` : l.status, l.eventType, l.eventId, l.position, String(l.attempts), l.createdAt.toISOString(), oneLine(l.error, 200)]),
        );
      }),
    );

  group
    .command('audit-log')
    .description('operator actions on read models, newest first: who, when, what, on which projection, with which parameters, and the outcome')
    .option('--projection <name>', 'only actions on this read model')
    .option('--limit <n>', 'how many entries (1-1000, default 50)', '50')
    .option('--json', 'print them as JSON')
    .action((options: { projection?: string; limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!/^\d+$/.test(options.limit) || limit < 1 || limit > 1000) throw new Error(`--limit must be a whole number from 1 to 1000, got ${JSON.stringify(options.limit)}`);
      return withReadSide('projections', async (readSide) => {
        const entries = await readSide.createProjector().operator().auditLog({ projection: options.projection, limit });
        if (options.json) return void process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        if (!entries.length) return void process.stdout.write('no operator actions recorded\n');
        printTable(
          ['id', 'at', 'actor', 'action', 'projection', 'parameters', 'outcome', 'detail'],
          entries.map((e) => [
            String(e.id), e.at.toISOString(), `${e.actor.subject}${e.actor.role ? ` (${e.actor.role})` : ''} via ${e.actor.via}`, e.action, e.projection,
            Object.keys(e.parameters).length ? JSON.stringify(e.parameters) : '-', e.outcome, oneLine(String(e.detail.code ? `${e.detail.code}: ${e.detail.message}` : e.detail.message ?? ''), 100),
          ]),
        );
      });
    });
}

export function registerProjectionCommands(program: Command): void {
  program
    .command('projector')
    .description('run the projector role: keeps every read model up to date (one active worker per read model across instances; others stand by)')
    .option('--only <names>', 'comma-separated read models to run (default: all), e.g. order_summary,stock_level')
    .option('--kind <stores>', `run the read models kept in these stores (comma-separated: ${STORE_KINDS.join(', ')}), e.g. postgres in one process and documents,search in another, so a slow document or search store never delays the Postgres models`)
    .action(async (options: { only?: string; kind?: string }) => {
      const list = (value?: string) => value?.split(',').map((s) => s.trim()).filter(Boolean);
      if (options.only && options.kind) throw new Error('--only and --kind both choose the read models to run; give one of them');
      // fail on a typo before starting anything
      const only = options.kind ? projectionsOfKinds(list(options.kind) ?? []) : list(options.only);
      if (options.kind && !only?.length) throw new Error(`--kind ${options.kind}: no read model is kept there`);
      selectProjections(only);
      const lifecycle = new Lifecycle(createLogger('projector'));
      const runtime = await openRuntime({ role: 'projector', observe: true });
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

  const group = program.command('projections').description('tools for operators: read models, their versions, rebuilds, pauses, dead letters and the audit log');

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

  registerOperatorCommands(group);
}
