import { randomUUID } from 'node:crypto';
import { eventRegistry } from '../event-schemas';
import type { EventStore, NewEvent, ReadStreamOptions } from '../platform/event-store/event-store.port';
import { PostgresEventStore } from '../platform/event-store/postgres/postgres-event-store';
import { createLogger } from '../platform/logger';
import { PostgresSnapshotStore } from '../platform/snapshots/snapshot-store';
import { createTestDatabase, type TestDatabase } from '../test/postgres';
import { decideReceiveStock } from '../contexts/inventory/receive-stock.decide';
import { decideReleaseReservation } from '../contexts/inventory/release-reservation.decide';
import { decideReserveStock } from '../contexts/inventory/reserve-stock.decide';
import { stockDecider } from '../contexts/inventory/stock.decider';
import type { CommandContext } from '../contexts/shared/command-context';
import { StreamHandler } from '../contexts/shared/stream-handler';

jest.setTimeout(120_000);

const log = createLogger('test', 'error');
const metadata = { correlationId: 'c', causationId: 'c', actor: { subject: 'test', role: 'system' }, occurredAt: '2026-01-01T00:00:00.000Z' };
const context = (): CommandContext => ({ commandId: randomUUID(), actor: metadata.actor, correlationId: 'c', causationId: 'c', now: new Date().toISOString() });

/** Counts the events every stream read returns, to see what a command really reads. */
function counting(store: EventStore): { store: EventStore; read: () => number; reset: () => void } {
  let read = 0;
  const wrapped = Object.create(store) as EventStore;
  wrapped.readStream = async (id: string, options?: ReadStreamOptions) => {
    const events = await store.readStream(id, options);
    read += events.length;
    return events;
  };
  return { store: wrapped, read: () => read, reset: () => (read = 0) };
}

describe('StreamHandler on a long stream', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const sku = `LONG-${Date.now().toString(36).toUpperCase()}`;

  beforeAll(async () => {
    db = await createTestDatabase('snap');
    await PostgresEventStore.migrate(db.pool);
    await PostgresSnapshotStore.migrate(db.pool);
    store = new PostgresEventStore({ pool: db.pool, codec: eventRegistry, log });
    // 50,000 events written straight to the store, as years of history would be.
    for (let batch = 0; batch < 50; batch++) {
      const events: NewEvent[] = Array.from({ length: 1000 }, () => ({ eventId: randomUUID(), type: 'StockReceived', data: { sku, quantity: 1 }, metadata }));
      await store.append(`stock-${sku}`, events, batch === 0 ? 'no_stream' : batch * 1000 - 1);
    }
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('folds from a snapshot instead of the first event once one exists', async () => {
    const counter = counting(store);
    const handler = new StreamHandler(counter.store, new PostgresSnapshotStore(db.pool), log);
    const receive = () => handler.handle(stockDecider, sku, (s) => decideReceiveStock({ sku, quantity: 1 }, s), context());

    expect((await receive()).revision).toBe(50_000);
    expect(counter.read()).toBeGreaterThanOrEqual(50_000);
    await new Promise((r) => setTimeout(r, 300)); // the snapshot is written after the command answers

    counter.reset();
    const result = await receive();
    expect(result.revision).toBe(50_001);
    expect(counter.read()).toBeLessThan(10);
    const { state } = await handler.load(stockDecider, `stock-${sku}`);
    expect(state.onHand).toBe(50_002);
  });

  it('ignores a snapshot that does not match its stream and folds the events instead', async () => {
    await db.pool.query(`update snapshots.snapshots set event_hash = repeat('0', 64), state = jsonb_set(state, '{onHand}', '1') where stream_id = $1`, [`stock-${sku}`]);
    const handler = new StreamHandler(store, new PostgresSnapshotStore(db.pool), log);
    const { state, revision } = await handler.load(stockDecider, `stock-${sku}`);
    expect(revision).toBe(50_001);
    expect(state.onHand).toBe(50_002);
  });

  it('ignores a snapshot taken with another version of the decider', async () => {
    const handler = new StreamHandler(store, new PostgresSnapshotStore(db.pool), log);
    const changed = { ...stockDecider, snapshotVersion: stockDecider.snapshotVersion + 1 };
    const counter = counting(store);
    const { state } = await new StreamHandler(counter.store, new PostgresSnapshotStore(db.pool), log).load(changed, `stock-${sku}`);
    expect(state.onHand).toBe(50_002);
    expect(counter.read()).toBeGreaterThanOrEqual(50_000);
    expect((await handler.load(stockDecider, `stock-${sku}`)).revision).toBe(50_001);
  });
});

describe('StreamHandler with its in-memory stream cache', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase('cache');
    await PostgresEventStore.migrate(db.pool);
    store = new PostgresEventStore({ pool: db.pool, codec: eventRegistry, log });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('stays correct when two processes take turns on one stream: a stale cached state is detected and read again', async () => {
    const sku = `TWO-${Date.now().toString(36).toUpperCase()}`;
    const [a, b] = [new StreamHandler(store, undefined, log), new StreamHandler(store, undefined, log)];
    for (let i = 0; i < 10; i++) await (i % 2 ? a : b).handle(stockDecider, sku, (s) => decideReceiveStock({ sku, quantity: 1 }, s), context());
    const { state, revision } = await new StreamHandler(store, undefined, log).load(stockDecider, `stock-${sku}`);
    expect(revision).toBe(9);
    expect(state.onHand).toBe(10);
  });

  it('keeps what it knows after a repeated command, so neither the repeat nor the next command reads the stream', async () => {
    const sku = `REPEAT-${Date.now().toString(36).toUpperCase()}`;
    const counter = counting(store);
    const handler = new StreamHandler(counter.store, undefined, log);
    const receive = (c: CommandContext) => handler.handle(stockDecider, sku, (s) => decideReceiveStock({ sku, quantity: 2 }, s), c);
    const first = context();
    await receive(first);
    await receive(context());
    counter.reset();
    const repeated = await receive(first);
    expect(repeated).toMatchObject({ revision: 0, events: 0 });
    const next = await receive(context());
    expect(next).toMatchObject({ revision: 2, events: 1 });
    expect(counter.read()).toBe(0);
    expect((await handler.load(stockDecider, `stock-${sku}`)).state.onHand).toBe(6);
  });

  it('answers from the stream as it is now, not from a stale cached state that would refuse', async () => {
    const sku = `STALE-${Date.now().toString(36).toUpperCase()}`;
    const [a, b] = [new StreamHandler(store, undefined, log), new StreamHandler(store, undefined, log)];
    await a.handle(stockDecider, sku, (s) => decideReceiveStock({ sku, quantity: 5 }, s), context()); // a now caches a state without reservations
    const reserve = { sku, reservationId: 'o-1:reserve:x', orderId: randomUUID(), quantity: 4, expiresAt: '2030-01-01T00:00:00.000Z' };
    await b.handle(stockDecider, sku, (s) => decideReserveStock(reserve, s), context());
    // On a's stale state the reservation does not exist (RESERVATION_NOT_FOUND); on the stream it does.
    const result = await a.handle(stockDecider, sku, (s) => decideReleaseReservation({ sku, reservationId: reserve.reservationId, reason: 'cancelled' }, s), context());
    expect(result.events).toBe(1);
    expect((await store.readStream(`stock-${sku}`)).at(-1)).toMatchObject({ type: 'StockReservationReleased' });
  });
});
