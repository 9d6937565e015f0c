import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin, Producer, ProducerBatch, ProducerConfig } from 'kafkajs';
import { InvalidIntegrationEventError, type IntegrationEvent } from '../../../event-schemas/integration';
import { createLogger } from '../../../platform/logger';
import { KafkaPublisher, PRODUCER_CONFIG, type KafkaClient } from './kafka-publisher';
import { fromKafkaMessage, UnreadableMessageError } from './kafka-wire';

const fixture = (type: string): IntegrationEvent => JSON.parse(readFileSync(join(__dirname, '../../../event-schemas/integration/fixtures', `${type}.fixture.json`), 'utf8'));
const log = createLogger('test', 'error');

/** Stands in for the kafkajs client (no broker can run here); records what the publisher asks of it. */
class RecordingKafka implements KafkaClient {
  producerConfig: ProducerConfig | undefined;
  createdTopics: string[] = [];
  batches: ProducerBatch[] = [];
  failSends = false;

  producer(config?: ProducerConfig): Producer {
    this.producerConfig = config;
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      sendBatch: async (batch: ProducerBatch) => {
        if (this.failSends) throw new Error('KafkaJSNumberOfRetriesExceeded: not enough in-sync replicas');
        this.batches.push(batch);
        return [];
      },
    } as unknown as Producer;
  }

  admin(): Admin {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      createTopics: async ({ topics }: { topics: { topic: string }[] }) => {
        this.createdTopics.push(...topics.map((t) => t.topic));
        return true;
      },
    } as unknown as Admin;
  }
}

describe('KafkaPublisher', () => {
  it('uses an idempotent producer with one request in flight and the Java-compatible partitioner, and creates one topic per context', async () => {
    const kafka = new RecordingKafka();
    await KafkaPublisher.connect(kafka, { topicPrefix: 'shop.', log });
    expect(kafka.producerConfig).toBe(PRODUCER_CONFIG);
    expect(kafka.producerConfig).toMatchObject({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    expect(kafka.createdTopics.sort()).toEqual(['shop.customers', 'shop.inventory', 'shop.ordering']);
  });

  it('sends one batch, a topic per context, keyed by aggregate id, in source order, acknowledged by all in-sync replicas', async () => {
    const kafka = new RecordingKafka();
    const publisher = await KafkaPublisher.connect(kafka, { topicPrefix: 'shop.', log });
    const placed = fixture('ordering.order-placed.v1');
    const registered = fixture('customers.customer-registered.v1');
    const confirmed = fixture('ordering.order-confirmed.v1');
    await publisher.publish([placed, registered, confirmed]);

    expect(kafka.batches).toHaveLength(1);
    const [batch] = kafka.batches;
    expect(batch!.acks).toBe(-1);
    const ordering = batch!.topicMessages!.find((t) => t.topic === 'shop.ordering')!;
    expect(ordering.messages.map((m) => m.key)).toEqual([placed.key, confirmed.key]);
    expect(ordering.messages.map((m) => fromKafkaMessage(m.value as string))).toEqual([placed, confirmed]);
    expect(ordering.messages[1]!.headers).toEqual({ 'event-type': 'ordering.order-confirmed.v1', 'event-id': confirmed.id, 'content-type': 'application/json' });
    expect(batch!.topicMessages!.find((t) => t.topic === 'shop.customers')!.messages.map((m) => m.key)).toEqual([registered.key]);
  });

  it('rejects when the broker does not acknowledge, so the relay keeps its checkpoint and sends again', async () => {
    const kafka = new RecordingKafka();
    const publisher = await KafkaPublisher.connect(kafka, { topicPrefix: '', log });
    kafka.failSends = true;
    await expect(publisher.publish([fixture('inventory.stock-low.v1')])).rejects.toThrow('not enough in-sync replicas');
  });

  it('sends nothing for nothing', async () => {
    const kafka = new RecordingKafka();
    const publisher = await KafkaPublisher.connect(kafka, { topicPrefix: '', log });
    await publisher.publish([]);
    expect(kafka.batches).toEqual([]);
  });
});

describe('Reading a Kafka message', () => {
  it('says why a message is not an integration event', () => {
    expect(() => fromKafkaMessage(null)).toThrow(new UnreadableMessageError('it has no value (a tombstone)'));
    expect(() => fromKafkaMessage(Buffer.from('<xml/>'))).toThrow('Kafka message is not an integration event: its value is not JSON');
    expect(() => fromKafkaMessage(JSON.stringify({ ...fixture('ordering.order-shipped.v1'), key: 'x' }))).toThrow(InvalidIntegrationEventError);
  });
});
