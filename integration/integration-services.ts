import path from 'node:path';
import type { Config } from '../platform/config';
import { AdvisoryLease } from '../platform/processing/advisory-lease';
import { CheckpointStore } from '../platform/processing/checkpoints';
import type { Runtime } from '../platform/runtime';
import { InProcessBus } from './bus/in-process-bus';
import type { IntegrationBus } from './bus/integration-bus.port';
import { KafkaBus } from './bus/kafka/kafka-bus';
import { createKafka, type KafkaSettings } from './bus/kafka/kafka-client';
import { KafkaPublisher } from './bus/kafka/kafka-publisher';
import { EmlFileMailer } from './notifier/eml-file-mailer';
import type { Mailer } from './notifier/mailer.port';
import { Notifier } from './notifier/notifier';
import { SmtpMailer } from './notifier/smtp-mailer';
import { RelayLoop } from './relay/relay-loop';

/** Checkpoint and lease of the Kafka relay: one active relay per database. */
export const RELAY_NAME = 'integration-relay';

export interface Service {
  close(): Promise<void>;
}

export class KafkaNotConfiguredError extends Error {
  readonly code = 'KAFKA_NOT_CONFIGURED';
  constructor() {
    super(
      'commerce relay publishes to Kafka: set KAFKA_BROKERS (e.g. localhost:9092). Without it, integration events are delivered in-process to each subscriber: run commerce notifier, or commerce start',
    );
    this.name = 'KafkaNotConfiguredError';
  }
}

function kafkaSettings(config: Config): KafkaSettings | undefined {
  return config.kafkaBrokers && { brokers: config.kafkaBrokers, clientId: config.kafkaClientId, topicPrefix: config.kafkaTopicPrefix };
}

/** Where the notifier's emails go: SMTP_URL, or .eml files in <data dir>/outbox. */
export function createMailer(config: Config): Mailer {
  return config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new EmlFileMailer(path.join(config.dataDir, 'outbox'), config.mailFrom);
}

/** The relay role: domain events → integration events → Kafka, from its checkpoint, holding the lease. */
export async function startRelay(runtime: Runtime): Promise<Service> {
  const settings = kafkaSettings(runtime.config);
  if (!settings) throw new KafkaNotConfiguredError();
  const log = runtime.log.child('relay');
  await CheckpointStore.migrate(runtime.db.pool);
  const publisher = await KafkaPublisher.connect(createKafka(settings, log), { topicPrefix: settings.topicPrefix, log });
  const relay = new RelayLoop({
    name: RELAY_NAME,
    store: runtime.eventStore,
    checkpoints: new CheckpointStore(runtime.db.pool),
    lease: new AdvisoryLease(runtime.db.url, RELAY_NAME, log.child('lease')),
    deliver: (events) => publisher.publish(events),
    log,
  });
  relay.start();
  log.info('relay started', { brokers: settings.brokers, topicPrefix: settings.topicPrefix });
  return {
    close: async () => {
      await relay.stop();
      await publisher.close();
    },
  };
}

/** Kafka consumer groups when KAFKA_BROKERS is set, otherwise in-process delivery from the event store. */
async function openBus(runtime: Runtime): Promise<IntegrationBus> {
  const settings = kafkaSettings(runtime.config);
  const log = runtime.log.child('bus');
  if (settings) return new KafkaBus(createKafka(settings, log), { topicPrefix: settings.topicPrefix, log });
  await CheckpointStore.migrate(runtime.db.pool);
  return new InProcessBus({
    store: runtime.eventStore,
    checkpoints: new CheckpointStore(runtime.db.pool),
    lease: (name) => new AdvisoryLease(runtime.db.url, name, log.child('lease')),
    log,
  });
}

/** The notifier role. */
export async function startNotifier(runtime: Runtime, mailer: Mailer = createMailer(runtime.config)): Promise<Service> {
  await Notifier.migrate(runtime.db.pool);
  const bus = await openBus(runtime);
  const notifier = new Notifier({ pool: runtime.db.pool, mailer, log: runtime.log.child('notifier') });
  try {
    await notifier.start(bus);
  } catch (error) {
    await notifier.stop().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await mailer.close();
    throw error;
  }
  return {
    close: async () => {
      await notifier.stop();
      await bus.close();
      await mailer.close();
    },
  };
}

/** What `commerce start` runs: the relay when Kafka is configured, and the notifier either way. */
export async function startIntegration(runtime: Runtime): Promise<Service> {
  const relay = runtime.config.kafkaBrokers ? await startRelay(runtime) : undefined;
  let notifier: Service;
  try {
    notifier = await startNotifier(runtime);
  } catch (error) {
    await relay?.close();
    throw error;
  }
  return {
    close: async () => {
      await notifier.close();
      await relay?.close();
    },
  };
}
