import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin, Consumer, ConsumerConfig, ConsumerRunConfig, ConsumerSubscribeTopics, EachMessagePayload } from 'kafkajs';
import type { IntegrationEvent } from '../../../event-schemas/integration';
import { createLogger } from '../../../platform/logger';
import { KafkaBus, type KafkaConsumerClient } from './kafka-bus';

const fixture = (type: string): IntegrationEvent => JSON.parse(readFileSync(join(__dirname, '../../../event-schemas/integration/fixtures', `${type}.fixture.json`), 'utf8'));

/** Stands in for kafkajs (no broker can run here): keeps what the bus configured and lets the test play the broker. */
class ScriptedKafka implements KafkaConsumerClient {
  groupId: string | undefined;
  subscription: ConsumerSubscribeTopics | undefined;
  eachMessage: ConsumerRunConfig['eachMessage'];
  heartbeats = 0;
  disconnected = false;
  topicsCreated: string[] = [];

  consumer(config: ConsumerConfig): Consumer {
    this.groupId = config.groupId;
    return {
      connect: async () => undefined,
      subscribe: async (subscription: ConsumerSubscribeTopics) => void (this.subscription = subscription),
      run: async (run: ConsumerRunConfig) => void (this.eachMessage = run.eachMessage),
      disconnect: async () => void (this.disconnected = true),
    } as unknown as Consumer;
  }

  admin(): Admin {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      createTopics: async ({ topics }: { topics: { topic: string }[] }) => (this.topicsCreated.push(...topics.map((t) => t.topic)), true),
    } as unknown as Admin;
  }

  /** Delivers one message as kafkajs would; resolves or rejects as eachMessage does (a rejection leaves the offset uncommitted). */
  deliver(value: string | null, offset = '0'): Promise<void> {
    const payload = {
      topic: 'shop.ordering',
      partition: 0,
      message: { key: null, value: value === null ? null : Buffer.from(value), offset, timestamp: '0', attributes: 0, headers: {} },
      heartbeat: async () => void this.heartbeats++,
      pause: () => () => undefined,
    } as unknown as EachMessagePayload;
    return this.eachMessage!(payload);
  }
}

describe('KafkaBus', () => {
  const log = createLogger('test', 'error');

  async function subscribed(handle: (event: IntegrationEvent) => Promise<void>) {
    const kafka = new ScriptedKafka();
    const bus = new KafkaBus(kafka, { topicPrefix: 'shop.', log, retryDelaysMs: [5] });
    const subscription = await bus.subscribe({ group: 'notifier-orders', contexts: ['ordering', 'customers'], handle });
    return { kafka, bus, subscription };
  }

  it('joins a prefixed consumer group on the contexts’ topics, from the beginning for a new group, after making sure they exist', async () => {
    const { kafka } = await subscribed(async () => undefined);
    expect(kafka.groupId).toBe('shop.notifier-orders');
    expect(kafka.subscription).toEqual({ topics: ['shop.ordering', 'shop.customers'], fromBeginning: true });
    expect(kafka.topicsCreated.sort()).toEqual(['shop.customers', 'shop.inventory', 'shop.ordering']);
  });

  it('hands over each valid message, validated against the contract', async () => {
    const handled: IntegrationEvent[] = [];
    const { kafka } = await subscribed(async (event) => void handled.push(event));
    const confirmed = fixture('ordering.order-confirmed.v1');
    await kafka.deliver(JSON.stringify(confirmed));
    expect(handled).toEqual([confirmed]);
  });

  it('skips what can never be handled (not JSON, breaks the contract, a type this build does not know) instead of stopping the partition', async () => {
    const handled: IntegrationEvent[] = [];
    const { kafka } = await subscribed(async (event) => void handled.push(event));
    await kafka.deliver('not json');
    await kafka.deliver(null);
    await kafka.deliver(JSON.stringify({ ...fixture('ordering.order-shipped.v1'), key: 'someone-else' }));
    await kafka.deliver(JSON.stringify({ ...fixture('ordering.order-shipped.v1'), type: 'ordering.order-shipped.v2' }));
    expect(handled).toEqual([]);
  });

  it('retries a failing handler on the same message, heartbeating meanwhile, before returning to kafkajs', async () => {
    let attempts = 0;
    const { kafka } = await subscribed(async () => {
      if (++attempts < 3) throw new Error('SMTP down');
    });
    await kafka.deliver(JSON.stringify(fixture('ordering.order-rejected.v1')));
    expect(attempts).toBe(3);
    expect(kafka.heartbeats).toBe(2);
  });

  it('on stop, gives up the retry and rejects, so kafkajs does not commit the offset and the message comes again', async () => {
    const { kafka, subscription } = await subscribed(async () => {
      throw new Error('SMTP down');
    });
    const delivery = kafka.deliver(JSON.stringify(fixture('ordering.order-rejected.v1')));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await subscription.stop();
    await expect(delivery).rejects.toThrow('stopped');
    expect(kafka.disconnected).toBe(true);
  });
});
