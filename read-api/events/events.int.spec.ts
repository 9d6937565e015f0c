import { randomUUID } from 'node:crypto';
import { eventRegistry, orderPlaced } from '../../event-schemas';
import orderPlacedV1 from '../../event-schemas/ordering/v1/order-placed.v1.fixture.json';
import type { RecordedEvent } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { rawCodec } from '../../platform/event-store/raw-codec';
import { createLogger } from '../../platform/logger';
import { startTestReadApi, type CallOptions, type TestReadApi } from '../testing/read-api-harness';
import { newSku, ShopEvents } from '../testing/shop-events';

interface Item {
  position: string;
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
}

describe('Read API: GET /events', () => {
  let api: TestReadApi;
  let all: RecordedEvent[];
  const customer = randomUUID();
  const tea = newSku('TEA');
  const mug = newSku('MUG');
  let orderId: string;
  let legacyOrderId: string;

  beforeAll(async () => {
    api = await startTestReadApi();
    const shop = new ShopEvents(api);
    await shop.receive(tea, 10);
    await shop.receive(mug, 3);
    orderId = (await shop.place(customer, [{ sku: tea, quantity: 2, unitMinor: 450 }])).orderId;
    await shop.reserve(tea, orderId, 2);
    await shop.confirm(orderId);
    await shop.place(customer, [{ sku: mug, quantity: 1, unitMinor: 900 }]);
    await shop.receive(tea, 5);
    // An OrderPlaced stored in its first shape, as an old writer left it.
    legacyOrderId = randomUUID();
    const raw = new PostgresEventStore({ pool: api.runtime.db.pool, codec: rawCodec, log: createLogger('test', 'error') });
    const last = await raw.append(`order-${legacyOrderId}`, [{
      eventId: randomUUID(), type: 'OrderPlaced', data: { ...orderPlacedV1, orderId: legacyOrderId },
      metadata: { correlationId: legacyOrderId, causationId: 'legacy', actor: { subject: 'old-writer', role: 'system' }, occurredAt: '2025-01-01T00:00:00.000Z' },
    }], 'no_stream');
    await raw.close();
    // Readers of all events see an append once no older transaction on the cluster is still open.
    await api.caughtUp(last.position);
    all = await api.runtime.eventStore.readAll({ maxCount: 10_000 });
  });
  afterAll(() => api?.close());

  const ids = (items: Item[]) => items.map((e) => e.eventId);

  async function pages(query: string, options?: CallOptions): Promise<Item[][]> {
    const out: Item[][] = [];
    let from = '';
    for (let i = 0; i < 100; i++) {
      const res = await api.get(`/events?${query}${from}`, options);
      expect(res.status).toBe(200);
      out.push(res.body.items);
      if (res.body.next === null) return out;
      from = `&fromPosition=${res.body.next}`;
    }
    throw new Error('the listing never ended');
  }

  it('pages through every event in global order, each exactly once', async () => {
    const seen = await pages('limit=3');
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.slice(0, -1).every((page) => page.length === 3)).toBe(true);
    expect(ids(seen.flat())).toEqual(all.map((e) => e.eventId));
    expect(seen.flat().map((e) => e.position)).toEqual(all.map((e) => e.position));
  });

  it('shows each event decoded, with its metadata', async () => {
    const res = await api.get(`/events?stream=order-${orderId}`, { role: 'auditor' });
    expect(res.body.next).toBeNull();
    expect(res.body.items.map((e: Item) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    const stored = all.find((e) => e.streamId === `order-${orderId}`)!;
    expect(res.body.items[0]).toEqual({
      position: stored.position, eventId: stored.eventId, type: 'OrderPlaced', schemaVersion: orderPlaced.schemaVersion,
      streamId: `order-${orderId}`, revision: 0, occurredAt: stored.metadata.occurredAt, recordedAt: stored.metadata.recordedAt,
      actor: { subject: customer, role: 'customer' }, correlationId: orderId, causationId: 'test', data: stored.data,
    });
  });

  it('upcasts an event stored in an old shape to its type’s current schema', async () => {
    const res = await api.get(`/events?stream=order-${legacyOrderId}`, { role: 'analyst' });
    const [event] = res.body.items;
    expect(event.schemaVersion).toBe(orderPlaced.schemaVersion);
    expect(orderPlaced.schemaVersion).toBeGreaterThan(1);
    expect(event.data).toEqual(eventRegistry.decode('OrderPlaced', 1, { ...orderPlacedV1, orderId: legacyOrderId }).data);
  });

  describe('filters', () => {
    it('by exact stream id: that stream’s events only, in order, paged', async () => {
      const seen = (await pages(`stream=stock-${tea}&limit=2`)).flat();
      expect(seen.map((e) => [e.streamId, e.revision])).toEqual([[`stock-${tea}`, 0], [`stock-${tea}`, 1], [`stock-${tea}`, 2]]);
      expect(ids(seen)).toEqual(all.filter((e) => e.streamId === `stock-${tea}`).map((e) => e.eventId));
    });

    it('by stream prefix ending in *', async () => {
      const seen = (await pages('stream=stock-*&limit=2')).flat();
      expect(ids(seen)).toEqual(all.filter((e) => e.streamId.startsWith('stock-')).map((e) => e.eventId));
      expect(new Set(seen.map((e) => e.streamId))).toEqual(new Set([`stock-${tea}`, `stock-${mug}`]));
    });

    it('by one or more types, combined with a stream', async () => {
      const placed = (await pages('type=OrderPlaced')).flat();
      expect(placed.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderPlaced', 'OrderPlaced']);
      const two = (await pages('type=StockReserved, OrderConfirmed')).flat();
      expect(two.map((e) => e.type)).toEqual(['StockReserved', 'OrderConfirmed']);
      const inStream = (await pages(`stream=stock-${tea}&type=StockReceived`)).flat();
      expect(inStream.map((e) => e.revision)).toEqual([0, 2]);
    });

    it('from a position, exclusive, on a scan and on a stream', async () => {
      const middle = all[3]!;
      const after = (await pages(`fromPosition=${middle.position}`)).flat();
      expect(ids(after)).toEqual(all.slice(4).map((e) => e.eventId));
      const teaEvents = all.filter((e) => e.streamId === `stock-${tea}`);
      const inStream = (await pages(`stream=stock-${tea}&fromPosition=${teaEvents[0]!.position}`)).flat();
      expect(ids(inStream)).toEqual(teaEvents.slice(1).map((e) => e.eventId));
      const last = all.at(-1)!.position;
      expect((await api.get(`/events?fromPosition=${last}`)).body).toEqual({ items: [], next: null, scannedTo: last });
    });

    it('answers an empty last page for a stream that does not exist', async () => {
      expect((await api.get(`/events?stream=order-${randomUUID()}`)).body).toEqual({ items: [], next: null, scannedTo: Position.START });
    });
  });

  it('is for analysts, auditors and admins', async () => {
    for (const role of ['analyst', 'auditor', 'admin'] as const) expect((await api.get('/events?limit=1', { role })).status).toBe(200);
    const customerRes = await api.get('/events', { role: 'customer', subject: customer });
    expect(customerRes.status).toBe(403);
    expect(customerRes.body.code).toBe('FORBIDDEN');
    expect((await api.get('/events', { role: 'operator' })).status).toBe(403);
    expect((await api.get('/events', { role: null })).status).toBe(401);
  });

  it.each([
    ['stream=Order-1', 'query.stream'],
    ['stream=order', 'query.stream'],
    ['stream=*', 'query.stream'],
    ['stream=order-*-x*', 'query.stream'],
    ['type=OrderLost', 'query.type'],
    ['type=OrderPlaced,Nope', 'query.type'],
    ['type=', 'query.type'],
    ['fromPosition=12', 'query.fromPosition'],
    [`fromPosition=${'G'.repeat(32)}`, 'query.fromPosition'],
    ['limit=0', 'query.limit'],
    ['limit=501', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['cursor=abc', 'query.cursor'],
  ])('answers 400 for %s, naming %s', async (query, field) => {
    const res = await api.get(`/events?${query}`, { role: 'auditor' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('names the unknown types and lists the known ones', async () => {
    const res = await api.get('/events?type=OrderPlaced,Nope', { role: 'auditor' });
    expect(res.body.errors[0].message).toMatch(/^has unknown event type "Nope"; known types: .*OrderPlaced/);
  });
});
