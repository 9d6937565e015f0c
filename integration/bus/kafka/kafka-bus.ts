import type { Admin, Consumer, ConsumerConfig, EachMessagePayload } from 'kafkajs';
import { UnknownIntegrationEventTypeError, type IntegrationEvent } from '../../../event-schemas/integration';
import type { Logger } from '../../../platform/logger';
import { retryUntilDone } from '../../relay/retry';
import type { BusSubscription, IntegrationBus, SubscribeOptions } from '../integration-bus.port';
import { ensureTopics } from './kafka-publisher';
import { fromKafkaMessage, topicOf } from './kafka-wire';

export interface KafkaConsumerClient {
  consumer(config: ConsumerConfig): Consumer;
  admin(): Admin;
}

export interface KafkaBusOptions {
  topicPrefix: string;
  log: Logger;
  retryDelaysMs?: readonly number[];
  /** Partitions handled at once per subscription; each partition stays strictly sequential. */
  partitionsConsumedConcurrently?: number;
}

/**
 * Consumer groups on the integration topics. kafkajs commits a message's offset only after its
 * handler returned (and after each batch), so a crash re-delivers what was in flight: at least
 * once. A failing handler is retried here, heartbeating meanwhile, rather than thrown to kafkajs,
 * so the partition waits for it instead of the group rebalancing.
 */
export class KafkaBus implements IntegrationBus {
  readonly kind = 'kafka';
  private readonly subscriptions = new Set<BusSubscription>();
  private topicsReady: Promise<void> | undefined;

  constructor(
    private readonly kafka: KafkaConsumerClient,
    private readonly options: KafkaBusOptions,
  ) {}

  /** Group ids carry the topic prefix, so two installations sharing a cluster never share progress. */
  groupId(group: string): string {
    return `${this.options.topicPrefix}${group}`;
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    const log = this.options.log.child(options.group);
    this.topicsReady ??= ensureTopics(this.kafka, this.options.topicPrefix, this.options.log).catch((error) => {
      this.topicsReady = undefined;
      throw error;
    });
    await this.topicsReady;
    const consumer = this.kafka.consumer({ groupId: this.groupId(options.group) });
    const abort = new AbortController();
    await consumer.connect();
    try {
      // fromBeginning only applies to a group without committed offsets: a new group reads what the topics still retain.
      await consumer.subscribe({ topics: options.contexts.map((context) => topicOf(this.options.topicPrefix, context)), fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 4,
        eachMessage: (payload) => this.deliver(payload, options, abort.signal, log),
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    log.info('consuming', { groupId: this.groupId(options.group), contexts: options.contexts });
    const subscription: BusSubscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        abort.abort();
        await consumer.disconnect();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  private async deliver({ topic, partition, message, heartbeat }: EachMessagePayload, options: SubscribeOptions, signal: AbortSignal, log: Logger): Promise<void> {
    let event: IntegrationEvent;
    try {
      event = fromKafkaMessage(message.value);
    } catch (error) {
      const where = { topic, partition, offset: message.offset };
      // A newer publisher's new version: this consumer has nothing to do with it yet.
      if (error instanceof UnknownIntegrationEventTypeError) return log.debug('skipping an integration event type this build does not know', { ...where, type: error.eventType });
      // It can never become valid, and retrying it would stop the partition for good.
      return log.error('skipping an unreadable message', { ...where, error });
    }
    await retryUntilDone(() => options.handle(event), {
      signal,
      log,
      what: 'handling an integration event',
      fields: { id: event.id, type: event.type, topic, partition, offset: message.offset },
      delaysMs: this.options.retryDelaysMs,
      onWait: heartbeat,
    });
  }
}
