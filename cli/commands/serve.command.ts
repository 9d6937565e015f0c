import type { Command } from 'commander';
import { createPaymentGateway } from '../../platform/payment-gateway/create-payment-gateway';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { CommandBus } from '@nestjs/cqrs';
import { startProcessManager } from '../../write-api/process-manager';
import { startWriteApi } from '../../write-api/write-api';
import { createWriteSide, type WriteSide } from '../../write-api/write-side.module';
import { createLogger } from '../../platform/logger';
import { Lifecycle } from '../lifecycle';
import { openReadSide, type ReadSide } from '../../projections/read-side';
import { startReadApi } from '../../read-api/read-api';
import { startCombinedApi } from '../combined-api';
import { startProjector } from './projections.command';
import { startIntegration } from '../../integration/integration-services';

interface Service {
  close(): Promise<unknown>;
}

/** Opens the runtime and the write side, starts the role's services, and shuts all of it down in reverse on a signal. */
async function serve(role: string, start: (side: WriteSide) => Promise<Service[]>): Promise<never> {
  const lifecycle = new Lifecycle(createLogger(role));
  const runtime: Runtime = await openRuntime({ role, observe: true });
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
    .description('run every role in one process on the embedded default (or DATABASE_URL): the write and read APIs on PORT (as the production ingress presents them), the order process manager, the projector, and the notifier (with the relay when KAFKA_BROKERS is set)')
    .action(() =>
      serve('commerce', async (side) => {
        const readSide = await openReadSide(side.runtime);
        const services: Service[] = [{ close: () => readSide.close() }];
        try {
          services.push(await startProjector(readSide));
          // Relay (with KAFKA_BROKERS) and notifier; on the embedded default they deliver in-process.
          services.push(await startIntegration(side.runtime));
          const api = await startCombinedApi(side, readSide);
          services.push(api);
          // Stopped first (services close in reverse), so no command is half-sent when the API goes.
          services.push(await startProcessManager(side, api.get(CommandBus)));
          return services;
        } catch (error) {
          for (const service of services.reverse()) await service.close().catch(() => undefined);
          throw error;
        }
      }),
    );

  program
    .command('read-api')
    .description('run the query HTTP API alone on READ_API_PORT (it reads the read models the projector role keeps up to date)')
    .action(async () => {
      const lifecycle = new Lifecycle(createLogger('read-api'));
      const runtime = await openRuntime({ role: 'read-api', observe: true });
      let readSide: ReadSide | undefined;
      try {
        readSide = await openReadSide(runtime);
        const api = await startReadApi(readSide);
        return lifecycle.runUntilSignal(async () => {
          await api.close();
          await readSide!.close();
          await runtime.close();
        });
      } catch (error) {
        await readSide?.close();
        await runtime.close();
        throw error;
      }
    });

  program
    .command('write-api')
    .description('run the command HTTP API alone')
    .action(() => serve('write-api', async (side) => [await startWriteApi(side)]));

  program
    .command('process-manager')
    .description('run the order-fulfilment process manager alone (one active instance per database; it resumes from its checkpoint)')
    .action(() => serve('process-manager', async (side) => [await startProcessManager(side)]));
}
