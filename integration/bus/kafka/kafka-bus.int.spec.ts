import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { loadConfig } from '../../../platform/config';
import { createLogger } from '../../../platform/logger';
import { RelayLoop } from '../../relay/relay-loop';
import { openTestPlatform, until } from '../../testing/test-platform';
import { describeIntegrationBusContract } from '../contract/integration-bus.contract';
import { createKafka } from './kafka-client';
import { KafkaBus } from './kafka-bus';
import { KafkaPublisher } from './kafka-publisher';
import { INTEGRATION_CONTEXTS, topicOf } from './kafka-wire';

const brokers = loadConfig({ KAFKA_BROKERS: process.env.KAFKA_BROKERS }).kafkaBrokers;

/** The relay publishing to Kafka and consumer groups reading it, on topics no other run uses. */
async function openKafkaSide() {
  const platform = await openTestPlatform('kafka');
  const topicPrefix = `contract-${randomUUID().slice(0, 8)}.`;
  const kafka = createKafka({ brokers: brokers!, clientId: 'commerce-contract', topicPrefix }, createLogger('test', 'warn'));
  const publisher = await KafkaPublisher.connect(kafka, { topicPrefix, log: platform.log });
  const relay = new RelayLoop({ name: `relay-${topicPrefix}`, store: platform.store, checkpoints: platform.checkpoints, lease: platform.lease(`relay-${topicPrefix}`), deliver: (events) => publisher.publish(events), log: platform.log, retryDelaysMs: [50] });
  relay.start();
  const bus = new KafkaBus(kafka, { topicPrefix, log: platform.log, retryDelaysMs: [50] });
  return {
    platform,
    kafka,
    topicPrefix,
    bus,
    close: async () => {
      await bus.close();
      await relay.stop();
      await publisher.close();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: INTEGRATION_CONTEXTS.map((context) => topicOf(topicPrefix, context)) }).catch(() => undefined);
      await admin.disconnect();
      await platform.close();
    },
  };
}

if (brokers) {
  describeIntegrationBusContract('Kafka', openKafkaSide);

  describe('Kafka publisher: message layout', () => {
    let side: Awaited<ReturnType<typeof openKafkaSide>>;
    beforeAll(async () => {
      side = await openKafkaSide();
    });
    afterAll(async () => {
      await side?.close();
    });

    it('keys every message by aggregate id, so one order’s events share a partition, in order, with the type and id in headers', async () => {
      const history = side.platform.history;
      const { customerId } = await history.customer();
      const orders = [await history.placeOrder(customerId), await history.placeOrder(customerId), await history.placeOrder(customerId)];
      for (const orderId of orders) await history.confirm(orderId);
      for (const orderId of orders) await history.ship(orderId);
      const seen = await readRaw(side.kafka, topicOf(side.topicPrefix, 'ordering'), 9);
      for (const orderId of orders) {
        const mine = seen.filter((m) => m.key === orderId);
        expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
        expect(mine.map((m) => m.headers['event-type'])).toEqual(['ordering.order-placed.v1', 'ordering.order-confirmed.v1', 'ordering.order-shipped.v1']);
        expect(mine.map((m) => m.headers['event-id'])).toEqual(mine.map((m) => JSON.parse(m.value).id));
      }
    });
  });
} else {
  describe('Integration bus contract: Kafka', () => {
    it('is skipped without KAFKA_BROKERS', () => {
      console.warn('Kafka contract SKIPPED: set KAFKA_BROKERS=localhost:9092 to run it');
    });
  });
}

async function readRaw(kafka: Kafka, topic: string, atLeast: number) {
  const seen: { key: string; partition: number; value: string; headers: Record<string, string> }[] = [];
  const consumer = kafka.consumer({ groupId: `raw-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      seen.push({ key: String(message.key), partition, value: String(message.value), headers });
    },
  });
  try {
    await until(() => seen.length >= atLeast, `${atLeast} messages on ${topic}`, 30_000);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
