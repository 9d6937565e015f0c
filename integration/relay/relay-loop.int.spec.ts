import type { IntegrationEvent } from '../../event-schemas/integration';
import { Position } from '../../platform/event-store/position';
import { CheckpointStore } from '../../platform/processing/checkpoints';
import type { IntegrationPublisher } from '../bus/integration-bus.port';
import { openTestPlatform, until, type TestPlatform } from '../testing/test-platform';
import { RelayLoop } from './relay-loop';

/** An in-memory broker. `loseAcks` accepts the next batches but reports failure, as a broker whose acknowledgement never arrived. */
class MemoryBroker implements IntegrationPublisher {
  readonly received: IntegrationEvent[] = [];
  loseAcks = 0;
  async publish(events: readonly IntegrationEvent[]): Promise<void> {
    this.received.push(...events);
    if (this.loseAcks > 0) {
      this.loseAcks--;
      throw new Error('acknowledgement lost');
    }
  }
  async close(): Promise<void> {}
  /** What a consumer deduplicating by id ends up with. */
  unique(): IntegrationEvent[] {
    return [...new Map(this.received.map((e) => [e.id, e])).values()];
  }
}

/** A checkpoint store whose database writes fail: the process "crashes" before any checkpoint is saved. */
class UnwritableCheckpoints extends CheckpointStore {
  override async save(): Promise<void> {
    throw new Error('connection lost');
  }
}

describe('The relay', () => {
  let p: TestPlatform;
  let n = 0;
  const loops: RelayLoop[] = [];

  beforeAll(async () => {
    p = await openTestPlatform('relay');
  });
  afterEach(async () => {
    await Promise.all(loops.splice(0).map((loop) => loop.stop()));
  });
  afterAll(async () => {
    await p.close();
  });

  function relay(name: string, broker: IntegrationPublisher, checkpoints = p.checkpoints): RelayLoop {
    const loop = new RelayLoop({ name, store: p.store, checkpoints, lease: p.lease(name), deliver: (events) => broker.publish(events), log: p.log, retryDelaysMs: [10], idleCheckpointMs: 0 });
    loops.push(loop);
    loop.start();
    return loop;
  }

  async function stop(loop: RelayLoop): Promise<void> {
    loops.splice(loops.indexOf(loop), 1);
    await loop.stop();
  }

  const name = () => `relay-test-${n++}`;
  // Not store.headPosition(): on a shared server another database's open transaction can hold
  // visibility back, and a head that lags would make these waits pass too early.
  const reached = async (relayName: string) => (await p.checkpoints.load(relayName)) >= p.history.last;

  it('publishes each published domain event once, in source order, skips internal ones, and checkpoints after the broker acknowledged', async () => {
    const broker = new MemoryBroker();
    const { customerId } = await p.history.customer();
    const orderId = await p.history.placeOrder(customerId);
    await p.history.stockReceived();
    await p.history.confirm(orderId);
    await p.history.ship(orderId);
    const relayName = name();
    relay(relayName, broker);
    await until(() => reached(relayName), 'the checkpoint reaches the last append');
    const mine = broker.received.filter((e) => e.key === orderId || e.key === customerId);
    expect(mine.map((e) => e.type)).toEqual(['customers.customer-registered.v1', 'ordering.order-placed.v1', 'ordering.order-confirmed.v1', 'ordering.order-shipped.v1']);
    expect(new Set(broker.received.map((e) => e.id)).size).toBe(broker.received.length);
    expect(mine[2]!.data).toMatchObject({ orderId, customerId, total: { amountMinor: 900, currency: 'EUR' } });
  });

  it('resumes after a restart where it stopped: nothing lost, nothing sent again from the start', async () => {
    const broker = new MemoryBroker();
    const relayName = name();
    const { customerId } = await p.history.customer();
    const first = await p.history.placeOrder(customerId);
    const loop = relay(relayName, broker);
    await until(() => broker.received.some((e) => e.key === first), 'the first order is published');
    await stop(loop);
    const before = broker.received.length;

    const second = await p.history.placeOrder(customerId);
    await p.history.confirm(second);
    relay(relayName, broker);
    await until(() => broker.received.some((e) => e.type === 'ordering.order-confirmed.v1' && e.key === second), 'the second order is confirmed');
    const afterRestart = broker.received.slice(before);
    expect(afterRestart.map((e) => [e.type, e.key])).toEqual([
      ['ordering.order-placed.v1', second],
      ['ordering.order-confirmed.v1', second],
    ]);
  });

  it('sends a batch again when the acknowledgement is lost, and moves the checkpoint only once one arrived; consumers dedupe by id', async () => {
    const broker = new MemoryBroker();
    broker.loseAcks = Infinity;
    const relayName = name();
    const { customerId } = await p.history.customer();
    const orderId = await p.history.placeOrder(customerId);
    await p.history.confirm(orderId);
    const before = await p.checkpoints.load(relayName);
    relay(relayName, broker);
    // Whatever the first batch holds (the relay starts from the first event, and how much of the
    // log is visible at that moment varies), it is sent again and again while no ack arrives.
    await until(() => broker.received.length > broker.unique().length, 'a batch was sent twice');
    const first = broker.received[0]!.id;
    expect(broker.received.filter((e) => e.id === first).length).toBeGreaterThanOrEqual(2);
    expect(await p.checkpoints.load(relayName)).toBe(before);
    broker.loseAcks = 0;
    await until(() => reached(relayName), 'the checkpoint reaches the last append');
    expect(broker.received.length).toBeGreaterThan(broker.unique().length);
    const ids = broker.unique().filter((e) => e.key === orderId).map((e) => e.type);
    expect(ids).toEqual(['ordering.order-placed.v1', 'ordering.order-confirmed.v1']);
  });

  it('after a crash before any checkpoint was saved, delivers everything again (at least once), never less', async () => {
    const broker = new MemoryBroker();
    const relayName = name();
    const { customerId } = await p.history.customer();
    const orderId = await p.history.placeOrder(customerId);
    const crashing = relay(relayName, broker, new UnwritableCheckpoints(p.db.pool));
    await until(() => broker.received.some((e) => e.key === orderId), 'the order is published');
    await stop(crashing);
    expect(await p.checkpoints.load(relayName)).toBe(Position.START);

    await p.history.confirm(orderId);
    relay(relayName, broker);
    await until(() => broker.received.some((e) => e.type === 'ordering.order-confirmed.v1' && e.key === orderId), 'the confirmation is published');
    expect(broker.received.filter((e) => e.type === 'ordering.order-placed.v1' && e.key === orderId)).toHaveLength(2);
    expect(broker.unique().filter((e) => e.key === orderId).map((e) => e.type)).toEqual(['ordering.order-placed.v1', 'ordering.order-confirmed.v1']);
  });

  it('runs one active instance; a standby takes over from the checkpoint when it stops', async () => {
    const [brokerA, brokerB] = [new MemoryBroker(), new MemoryBroker()];
    const relayName = name();
    const a = relay(relayName, brokerA);
    await until(() => reached(relayName), 'the active relay catches up');
    relay(relayName, brokerB);
    const { customerId } = await p.history.customer();
    await until(() => brokerA.received.some((e) => e.key === customerId), 'the active relay publishes');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(brokerB.received).toEqual([]);

    await stop(a);
    const orderId = await p.history.placeOrder(customerId);
    await until(() => brokerB.received.some((e) => e.key === orderId), 'the standby publishes');
    expect(brokerB.received.some((e) => e.key === customerId)).toBe(false);
  });

  it('translates an order event whose placement it never read (a relay starting mid-order) from the event store', async () => {
    const broker = new MemoryBroker();
    const relayName = name();
    const { customerId } = await p.history.customer();
    const orderId = await p.history.placeOrder(customerId);
    await p.checkpoints.reset(relayName, p.history.last);
    await p.history.reject(orderId);
    relay(relayName, broker);
    await until(() => broker.received.length > 0, 'the rejection is published');
    expect(broker.received).toEqual([
      expect.objectContaining({ type: 'ordering.order-rejected.v1', key: orderId, data: expect.objectContaining({ customerId, reason: 'paymentDeclined', lines: [expect.objectContaining({ sku: 'TEA-GREEN-100' })] }) }),
    ]);
  });

  it('publishes a customer details change with the complete details as of that change', async () => {
    const broker = new MemoryBroker();
    const relayName = name();
    const { customerId, email } = await p.history.customer('Ada Lovelace');
    await p.checkpoints.reset(relayName, p.history.last);
    await p.history.append(`customer-${customerId}`, [{ type: 'CustomerDetailsChanged', data: { customerId, name: 'Ada King' } }]);
    await p.history.append(`customer-${customerId}`, [{ type: 'CustomerDetailsChanged', data: { customerId, email: 'ada@king.example' } }]);
    relay(relayName, broker);
    await until(() => broker.received.length === 2, 'both changes are published');
    expect(broker.received.map((e) => e.data)).toEqual([
      { customerId, email, name: 'Ada King' },
      { customerId, email: 'ada@king.example', name: 'Ada King' },
    ]);
  });
});
