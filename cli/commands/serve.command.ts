import type { Command } from 'commander';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { startWriteApi } from '../../write-api/write-api';
import { runUntilSignal } from '../lifecycle';

async function serve(role: string, start: (runtime: Runtime) => Promise<{ close(): Promise<unknown> }>): Promise<never> {
  const runtime = await openRuntime({ role });
  const service = await start(runtime).catch(async (error) => {
    await runtime.close();
    throw error;
  });
  return runUntilSignal(runtime.log, async () => {
    await service.close();
    await runtime.close();
  });
}

export function registerServeCommands(program: Command): void {
  program
    .command('start')
    .description('run every role in one process on the embedded default (or DATABASE_URL)')
    .action(() => serve('commerce', startWriteApi));

  program
    .command('write-api')
    .description('run the command HTTP API alone')
    .action(() => serve('write-api', startWriteApi));
}
