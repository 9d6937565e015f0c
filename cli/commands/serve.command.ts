import type { Command } from 'commander';
import { createPaymentGateway } from '../../platform/payment-gateway/create-payment-gateway';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { CommandBus } from '@nestjs/cqrs';
import { startProcessManager } from '../../write-api/process-manager';
import { startWriteApi } from '../../write-api/write-api';
import { createWriteSide, type WriteSide } from '../../write-api/write-side.module';
import { createLogger } from '../../platform/logger';
import { Lifecycle } from '../lifecycle';
import { openReadSide } from '../../projections/read-side';
import { startProjector } from './projections.command';

interface Service {
  close(): Promise<unknown>;
}

/** Opens the runtime and the write side, starts the role's services, and shuts all of it down in reverse on a signal. */
async function serve(role: string, start: (side: WriteSide) => Promise<Service[]>): Promise<never> {
  const lifecycle = new Lifecycle(createLogger(role));
  const runtime: Runtime = await openRuntime({ role });
  const { config, log } = runtime;
  const gateway = createPaymentGateway({ paymentGatewayUrl: config.paymentGatewayUrl, timeoutMs: config.paymentGatewayTimeoutMs }, log.child('payment-gateway'));
  let services: Service[] = [];
  try {
    const side = await createWriteSide(runtime, gateway);
    services = await start(side);
  } catch (error) {
    await gateway.close().catch(() => undefined);
    await runtime.close();
    throw error;
  }
  return lifecycle.runUntilSignal(async () => {
    for (const service of [...services].reverse()) await service.close();
    await gateway.close();
    await runtime.close();
  });
}

export function registerServeCommands(program: Command): void {
  program
    .command('start')
    .description('run every role in one process on the embedded default (or DATABASE_URL): the write API, the order process manager, the projector and the read API')
    .action(() =>
      serve('commerce', async (side) => {
        const readSide = await openReadSide(side.runtime);
        const projector = await startProjector(readSide);
        const api = await startWriteApi(side);
        // Stopped first (services close in reverse), so no command is half-sent when the API goes.
        return [{ close: () => readSide.close() }, projector, api, await startProcessManager(side, api.get(CommandBus))];
      }),
    );

  program
    .command('write-api')
    .description('run the command HTTP API alone')
    .action(() => serve('write-api', async (side) => [await startWriteApi(side)]));

  program
    .command('process-manager')
    .description('run the order-fulfilment process manager alone (one active instance per database; it resumes from its checkpoint)')
    .action(() => serve('process-manager', async (side) => [await startProcessManager(side)]));
}
