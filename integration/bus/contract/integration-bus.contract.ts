import { randomUUID } from 'node:crypto';
import { parseIntegrationEvent, type IntegrationEvent } from '../../../event-schemas/integration';
import { until, type TestPlatform } from '../../testing/test-platform';
import type { BusSubscription, IntegrationBus, SubscribeOptions } from '../integration-bus.port';

export interface BusHarness {
  /** The event store the relay (or the in-process bus) reads, with a domain history writer. */
  platform: TestPlatform;
  bus: IntegrationBus;
  close(): Promise<void>;
}

/** What one subscription was handed, in order, failures included. */
class Recorder {
  readonly calls: IntegrationEvent[] = [];
  readonly handled: IntegrationEvent[] = [];
  constructor(private readonly fail: (event: IntegrationEvent, attempt: number) => boolean = () => false) {}

  readonly handle = async (event: IntegrationEvent): Promise<void> => {
    this.calls.push(event);
    const attempt = this.calls.filter((e) => e.id === event.id).length;
    if (this.fail(event, attempt)) throw new Error(`handler failure on attempt ${attempt}`);
    this.handled.push(event);
  };

  typesOf(key: string): string[] {
    return this.handled.filter((e) => e.key === key).map((e) => e.type);
  }

  /** The handled sequence of one key with repeats (redeliveries) dropped, as a consumer deduping by id sees it. */
  uniqueTypesOf(key: string): string[] {
    const seen = new Set<string>();
    return this.handled.filter((e) => e.key === key && !seen.has(e.id) && seen.add(e.id)).map((e) => e.type);
  }
}

/**
 * What every integration bus must do for its consumers: the in-process bus runs it always, Kafka
 * when KAFKA_BROKERS is set. Domain events go into the event store; the test watches what comes
 * out of a subscription.
 */
export function describeIntegrationBusContract(adapter: string, open: () => Promise<BusHarness>): void {
  describe(`Integration bus contract: ${adapter}`, () => {
    let h: BusHarness;
    const subscriptions: BusSubscription[] = [];

    beforeAll(async () => {
      h = await open();
    });
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    });
    afterAll(async () => {
      await h?.close();
    });

    const group = () => `contract-${randomUUID().slice(0, 8)}`;
    async function subscribe(options: Omit<SubscribeOptions, 'group'> & { group?: string }): Promise<BusSubscription> {
      const subscription = await h.bus.subscribe({ group: options.group ?? group(), ...options });
      subscriptions.push(subscription);
      return subscription;
    }
    async function stop(subscription: BusSubscription): Promise<void> {
      subscriptions.splice(subscriptions.indexOf(subscription), 1);
      await subscription.stop();
    }

    it('delivers every event of the subscribed contexts, valid against the contract, each key in the order it happened', async () => {
      const history = h.platform.history;
      const { customerId } = await history.customer();
      const [a, b, c] = [await history.placeOrder(customerId), await history.placeOrder(customerId), await history.placeOrder(customerId)];
      await history.confirm(b);
      await history.confirm(a);
      await history.reject(c);
      await history.ship(a);
      await history.ship(b);
      const recorder = new Recorder();
      await subscribe({ contexts: ['ordering', 'customers'], handle: recorder.handle });

      await until(() => recorder.typesOf(b).includes('ordering.order-shipped.v1') && recorder.typesOf(a).includes('ordering.order-shipped.v1') && recorder.typesOf(c).length > 1, 'all three orders arrived');
      expect(recorder.uniqueTypesOf(a)).toEqual(['ordering.order-placed.v1', 'ordering.order-confirmed.v1', 'ordering.order-shipped.v1']);
      expect(recorder.uniqueTypesOf(b)).toEqual(['ordering.order-placed.v1', 'ordering.order-confirmed.v1', 'ordering.order-shipped.v1']);
      expect(recorder.uniqueTypesOf(c)).toEqual(['ordering.order-placed.v1', 'ordering.order-rejected.v1']);
      await until(() => recorder.typesOf(customerId).length > 0, 'the customer arrived');
      for (const event of recorder.handled) expect(parseIntegrationEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    });

    it('delivers only the contexts a group subscribed to', async () => {
      const history = h.platform.history;
      const { customerId } = await history.customer();
      const orderId = await history.placeOrder(customerId);
      const later = await history.customer();
      const recorder = new Recorder();
      await subscribe({ contexts: ['customers'], handle: recorder.handle });
      await until(() => recorder.typesOf(later.customerId).length > 0 && recorder.typesOf(customerId).length > 0, 'both customers arrived');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(recorder.handled.filter((e) => e.key === orderId)).toEqual([]);
      expect(new Set(recorder.handled.map((e) => e.type.split('.')[0]))).toEqual(new Set(['customers']));
    });

    it('retries a failing handler with the same event, and hands over nothing later of that key until it succeeds', async () => {
      const history = h.platform.history;
      const { customerId } = await history.customer();
      const orderId = await history.placeOrder(customerId);
      await history.confirm(orderId);
      await history.ship(orderId);
      const recorder = new Recorder((event, attempt) => event.key === orderId && event.type === 'ordering.order-confirmed.v1' && attempt <= 2);
      await subscribe({ contexts: ['ordering'], handle: recorder.handle });

      await until(() => recorder.typesOf(orderId).includes('ordering.order-shipped.v1'), 'the order shipped');
      const calls = recorder.calls.filter((e) => e.key === orderId).map((e) => e.type);
      const firstConfirm = calls.indexOf('ordering.order-confirmed.v1');
      expect(calls.slice(firstConfirm, firstConfirm + 3)).toEqual(Array(3).fill('ordering.order-confirmed.v1'));
      expect(calls.indexOf('ordering.order-shipped.v1')).toBeGreaterThan(firstConfirm + 2);
      expect(recorder.uniqueTypesOf(orderId)).toEqual(['ordering.order-placed.v1', 'ordering.order-confirmed.v1', 'ordering.order-shipped.v1']);
    });

    it('continues a group where it left off after it stopped: nothing lost, and not again from the beginning', async () => {
      const history = h.platform.history;
      const name = group();
      const { customerId } = await history.customer();
      const first = await history.placeOrder(customerId);
      const before = new Recorder();
      const subscription = await subscribe({ group: name, contexts: ['ordering'], handle: before.handle });
      await until(() => before.typesOf(first).length > 0, 'the first order arrived');
      await stop(subscription);

      const second = await history.placeOrder(customerId);
      await history.confirm(second);
      const after = new Recorder();
      await subscribe({ group: name, contexts: ['ordering'], handle: after.handle });
      await until(() => after.typesOf(second).includes('ordering.order-confirmed.v1'), 'the second order arrived');
      expect(after.uniqueTypesOf(second)).toEqual(['ordering.order-placed.v1', 'ordering.order-confirmed.v1']);
      expect(after.typesOf(first)).toEqual([]);
    });

    it('gives every group every event, each with its own progress: a stuck group holds up no other', async () => {
      const history = h.platform.history;
      const { customerId } = await history.customer();
      const orderId = await history.placeOrder(customerId);
      await history.confirm(orderId);
      const stuck = new Recorder((event) => event.key === orderId);
      const healthy = new Recorder();
      await subscribe({ contexts: ['ordering'], handle: stuck.handle });
      await subscribe({ contexts: ['ordering'], handle: healthy.handle });
      await until(() => stuck.calls.some((e) => e.key === orderId), 'the stuck group is failing on the order');
      await until(() => healthy.typesOf(orderId).includes('ordering.order-confirmed.v1'), 'the healthy group got the order');
      expect(stuck.typesOf(orderId)).toEqual([]);
    });
  });
}
