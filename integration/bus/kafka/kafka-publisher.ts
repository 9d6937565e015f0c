import { Partitioners, type Admin, type Producer, type ProducerConfig, type TopicMessages } from 'kafkajs';
import type { IntegrationEvent } from '../../../event-schemas/integration';
import type { Logger } from '../../../platform/logger';
import type { IntegrationPublisher } from '../integration-bus.port';
import { INTEGRATION_CONTEXTS, toKafkaMessage, topicOf } from './kafka-wire';

/**
 * Idempotent: the broker drops a retried batch it already wrote, so a producer retry never
 * duplicates or reorders a message. kafkajs asks for at most one request in flight with it
 * (maxInFlightRequests: 1) and acks from all in-sync replicas. Keys are hashed with the
 * Java-compatible murmur2 partitioner, so other clients agree on a key's partition.
 */
export const PRODUCER_CONFIG: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
  allowAutoTopicCreation: false,
};

/** What the publisher needs of a kafkajs client (a real `Kafka`, or a stand-in in unit tests). */
export interface KafkaClient {
  producer(config?: ProducerConfig): Producer;
  admin(): Admin;
}

/**
 * Creates the integration topics that do not exist yet, with the broker's default partitions and
 * replication (create them beforehand to choose). Idempotent, so the relay and every consumer may
 * call it: whichever starts first, nobody waits on a missing topic.
 */
export async function ensureTopics(kafka: Pick<KafkaClient, 'admin'>, topicPrefix: string, log: Logger): Promise<void> {
  const topics = INTEGRATION_CONTEXTS.map((context) => topicOf(topicPrefix, context));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({ topics: topics.map((topic) => ({ topic })), waitForLeaders: true });
    log.info(created ? 'created the integration topics' : 'integration topics exist', { topics });
  } finally {
    await admin.disconnect();
  }
}

/** Publishes integration events to `<prefix><context>` topics, keyed by aggregate id. */
export class KafkaPublisher implements IntegrationPublisher {
  private constructor(
    private readonly producer: Producer,
    private readonly topicPrefix: string,
  ) {}

  /** Connects, and creates the topics if they do not exist yet. */
  static async connect(kafka: KafkaClient, options: { topicPrefix: string; log: Logger }): Promise<KafkaPublisher> {
    await ensureTopics(kafka, options.topicPrefix, options.log);
    const producer = kafka.producer(PRODUCER_CONFIG);
    await producer.connect();
    return new KafkaPublisher(producer, options.topicPrefix);
  }

  async publish(events: readonly IntegrationEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, TopicMessages>();
    for (const event of events) {
      const { topic, message } = toKafkaMessage(event);
      const name = topicOf(this.topicPrefix, topic);
      const entry = byTopic.get(name) ?? { topic: name, messages: [] };
      entry.messages.push(message);
      byTopic.set(name, entry);
    }
    // Resolves when every partition leader has the messages from all in-sync replicas; a failure rejects the whole call.
    await this.producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1 });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
