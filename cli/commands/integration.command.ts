import type { Command } from 'commander';
import { KafkaNotConfiguredError, startNotifier, startRelay, type Service } from '../../integration/integration-services';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { openRuntime } from '../../platform/runtime';
import { Lifecycle } from '../lifecycle';

/** Opens the runtime, starts one integration role, and shuts it down in reverse on a signal. */
async function run(role: string, start: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<Service>): Promise<never> {
  const lifecycle = new Lifecycle(createLogger(role));
  const runtime = await openRuntime({ role, observe: true });
  let service: Service;
  try {
    service = await start(runtime);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  return lifecycle.runUntilSignal(async () => {
    await service.close();
    await runtime.close();
  });
}

export function registerIntegrationCommands(program: Command): void {
  program
    .command('relay')
    .description(
      'publish integration events to Kafka (KAFKA_BROKERS): reads every domain event from its checkpoint, translates it into the public contract and publishes it keyed by aggregate id; one active relay per database, others stand by',
    )
    .action(() => {
      // Refused before anything starts: without a broker there is nothing to relay to.
      if (!loadConfig().kafkaBrokers) throw new KafkaNotConfiguredError();
      return run('relay', startRelay);
    });

  program
    .command('notifier')
    .description(
      'email customers when an order is confirmed, rejected or shipped: Kafka consumer groups with KAFKA_BROKERS, in-process delivery from the event store without; SMTP_URL, or .eml files in <data dir>/outbox without',
    )
    .action(() => run('notifier', (runtime) => startNotifier(runtime)));
}
