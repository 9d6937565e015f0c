import { randomUUID } from 'node:crypto';
import { EventValidationError, eventRegistry, orderPlaced as orderPlacedDefinition, UnknownEventTypeError } from '../../../event-schemas';
import { orderPlacedV1 } from '../../../event-schemas/ordering/v1/order-placed.v1';
import { createTestDatabase, type TestDatabase } from '../../../test/postgres';
import { createLogger } from '../../logger';
import type { NewEvent, RecordedEvent, Subscription } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';

const metadata = { correlationId: 'order-1', causationId: 'cmd-1', actor: { subject: 'c-1', role: 'customer' }, occurredAt: '2026-05-01T09:00:00.000Z' };
const orderId = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';
const customerId = '0f8e1c2a-3b4d-4e5f-9a0b-1c2d3e4f5a6b';
const line = { sku: 'TEA-GREEN-100', quantity: 2, unitPrice: { amountMinor: 450, currency: 'EUR' } };

function orderPlaced(data: Record<string, unknown>): NewEvent {
  return { eventId: randomUUID(), type: 'OrderPlaced', data, metadata };
}

describe('Postgres event store with the domain event registry', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('domain');
    await PostgresEventStore.migrate(db.pool);
    store = new PostgresEventStore({ pool: db.pool, codec: eventRegistry, log: createLogger('test', 'warn') });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  async function eventCount(): Promise<number> {
    return (await db.pool.query<{ n: number }>('select count(*)::int as n from eventstore.events')).rows[0]!.n;
  }

  it('stores a valid event at its current schema version', async () => {
    await store.append(`order-${orderId}`, [orderPlaced({ orderId, customerId, lines: [line], total: { amountMinor: 900, currency: 'EUR' } })], 'no_stream');
    const [stored] = await store.readStream(`order-${orderId}`);
    expect(stored).toMatchObject({ type: 'OrderPlaced', schemaVersion: orderPlacedDefinition.schemaVersion });
  });

  it('rejects a payload that breaks its schema, naming the event type, the field path and the reason, and writes nothing', async () => {
    const before = await eventCount();
    const bad = orderPlaced({ orderId, customerId, lines: [{ ...line, quantity: 0 }], total: { amountMinor: 900, currency: 'EUR' } });
    const error = await store.append(`order-${randomUUID()}`, [bad], 'any').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventValidationError);
    expect(error).toMatchObject({ code: 'EVENT_VALIDATION_FAILED', eventType: 'OrderPlaced', issues: [{ path: 'lines[0].quantity' }] });
    expect((error as Error).message).toMatch(/^OrderPlaced is invalid: lines\[0\]\.quantity: must be a positive integer/);
    expect(await eventCount()).toBe(before);
  });

  it('rejects the whole batch when one event of it is invalid', async () => {
    const before = await eventCount();
    const stream = `order-${randomUUID()}`;
    const good = orderPlaced({ orderId, customerId, lines: [line], total: { amountMinor: 900, currency: 'EUR' } });
    const wrongTotal = orderPlaced({ orderId, customerId, lines: [line], total: { amountMinor: 901, currency: 'EUR' } });
    await expect(store.append(stream, [good, wrongTotal], 'any')).rejects.toMatchObject({ issues: [{ path: 'total.amountMinor' }] });
    expect(await store.streamHead(stream)).toBeNull();
    expect(await eventCount()).toBe(before);
  });

  it('rejects an unknown event type and writes nothing', async () => {
    const before = await eventCount();
    await expect(store.append(`order-${randomUUID()}`, [{ ...orderPlaced({}), type: 'OrderPlacd' }], 'any')).rejects.toBeInstanceOf(UnknownEventTypeError);
    expect(await eventCount()).toBe(before);
  });

  it('upcasts an event stored in an old shape when it is read', async () => {
    const stream = `order-${randomUUID()}`;
    const v1 = { orderId, customerId, lines: [line] };
    expect(orderPlacedV1.schema.safeParse(v1).success).toBe(true);
    // As an older release of the service would have written it.
    const raw = new PostgresEventStore({ pool: db.pool, codec: { encode: (_t, data) => ({ schemaVersion: 1, data }), decode: (_t, v, d) => ({ schemaVersion: v, data: d }) } });
    await raw.append(stream, [orderPlaced(v1)], 'no_stream');
    const [read] = await store.readStream(stream);
    expect(read).toMatchObject({ schemaVersion: orderPlacedDefinition.schemaVersion, data: { ...v1, total: { amountMinor: 900, currency: 'EUR' } } });
    await raw.close();
  });

  describe('a trusted subscription (projections)', () => {
    // headPosition() may still be behind this file's earlier appends (test files share a cluster),
    // so the subscription can start before them: keep only this test's streams.
    async function collect(subscription: Subscription, streams: string[]): Promise<RecordedEvent[]> {
      const out: RecordedEvent[] = [];
      for await (const event of subscription) {
        if (streams.includes(event.streamId)) out.push(event);
        if (out.length === 3) break;
      }
      await subscription.stop();
      return out;
    }

    it('decodes only the types asked for, upcasting old versions, and delivers the others in order as bare envelopes, never decoded', async () => {
      const from = await store.headPosition();
      const stream = `order-${randomUUID()}`;
      const sku = `SKU-${randomUUID().slice(0, 8).toUpperCase()}`;
      const v1 = { orderId, customerId, lines: [line] };
      const raw = new PostgresEventStore({ pool: db.pool, codec: { encode: (_t, data) => ({ schemaVersion: 1, data }), decode: (_t, v, d) => ({ schemaVersion: v, data: d }) } });
      // An old OrderPlaced, then a StockReceived that breaks its schema (as a buggy writer might
      // have stored it), then a current OrderConfirmed.
      await raw.append(stream, [orderPlaced(v1)], 'no_stream');
      await raw.append(`stock-${sku}`, [{ eventId: randomUUID(), type: 'StockReceived', data: { sku, quantity: 0 }, metadata }], 'no_stream');
      await store.append(stream, [{ eventId: randomUUID(), type: 'OrderConfirmed', data: { orderId }, metadata }], 0);
      await raw.close();
      const ours = [stream, `stock-${sku}`];

      const events = await collect(store.subscribeToAll({ after: from, trusted: { types: ['OrderPlaced', 'OrderConfirmed'] } }), ours);
      expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'StockReceived', 'OrderConfirmed']);
      expect(events[0]).toMatchObject({ schemaVersion: orderPlacedDefinition.schemaVersion, data: { ...v1, total: { amountMinor: 900, currency: 'EUR' } }, metadata: { ...metadata, hash: expect.any(String) } });
      expect(events[1]).toMatchObject({ type: 'StockReceived', streamId: `stock-${sku}`, revision: 0, data: undefined, schemaVersion: 1 });
      expect(Object.keys(events[1]!.metadata)).toEqual(['recordedAt']);
      expect(events[2]).toMatchObject({ type: 'OrderConfirmed', revision: 1, data: { orderId }, metadata: { correlationId: metadata.correlationId } });
      const positions = events.map((e) => e.position);
      expect([...positions].sort()).toEqual(positions);
      expect(positions[0]! > from).toBe(true);

      // Every other read validates, and refuses the broken event (visible by now: the trusted subscription saw it).
      await expect(collect(store.subscribeToAll({ after: from }), ours)).rejects.toBeInstanceOf(EventValidationError);
      await expect(store.readAll({ after: from, maxCount: 1000 })).rejects.toBeInstanceOf(EventValidationError);
    });

    it('serves the trusted subscribers of one process from one read when they read the same position at once, each decoding only its own types', async () => {
      const shared = new PostgresEventStore({ pool: db.pool, codec: eventRegistry, log: createLogger('test', 'warn'), minReadIntervalMs: 0 });
      const from = await shared.headPosition();
      const streams = Array.from({ length: 4 }, () => `order-${randomUUID()}`);
      const take = async (subscription: Subscription, n: number) => {
        const out: RecordedEvent[] = [];
        for await (const event of subscription) {
          if (streams.includes(event.streamId)) out.push(event);
          if (out.length === n) break;
        }
        await subscription.stop();
        return out;
      };
      const placed = take(shared.subscribeToAll({ after: from, trusted: { types: ['OrderPlaced'] } }), 8);
      const confirmed = take(shared.subscribeToAll({ after: from, trusted: { types: ['OrderConfirmed'] } }), 8);
      const joinedBefore = shared.sharedReads;
      for (const stream of streams) {
        await new Promise((resolve) => setTimeout(resolve, 30)); // both caught up and waiting
        await shared.append(stream, [orderPlaced({ orderId, customerId, lines: [line], total: { amountMinor: 900, currency: 'EUR' } })], 'no_stream');
        await shared.append(stream, [{ eventId: randomUUID(), type: 'OrderConfirmed', data: { orderId }, metadata }], 0);
      }
      const [a, b] = await Promise.all([placed, confirmed]);
      for (const events of [a, b]) expect(events.map((e) => `${e.streamId} ${e.type}`)).toEqual(streams.flatMap((s) => [`${s} OrderPlaced`, `${s} OrderConfirmed`]));
      expect(a.filter((e) => e.type === 'OrderPlaced').every((e) => (e.data as { orderId: string }).orderId === orderId && e.metadata.hash)).toBe(true);
      expect(a.filter((e) => e.type === 'OrderConfirmed').every((e) => e.data === undefined)).toBe(true);
      expect(b.filter((e) => e.type === 'OrderConfirmed').every((e) => (e.data as { orderId: string }).orderId === orderId)).toBe(true);
      expect(b.filter((e) => e.type === 'OrderPlaced').every((e) => e.data === undefined && Object.keys(e.metadata).join() === 'recordedAt')).toBe(true);
      // Woken by the same appends, they read together at least once.
      expect(shared.sharedReads).toBeGreaterThan(joinedBefore);
      await shared.close();
    });
  });
});
