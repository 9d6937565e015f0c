import { randomUUID } from 'node:crypto';
import { eventRegistry } from '../../event-schemas';
import type { NewEvent, RecordedEvent } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { createLogger } from '../../platform/logger';
import { createTestDatabase, type TestDatabase } from '../../test/postgres';
import { browseEvents, type EventQuery } from './event-browser';

const metadata = { correlationId: 'browse', causationId: 'browse', actor: { subject: 'tester', role: 'admin' }, occurredAt: '2026-05-01T09:00:00.000Z' };
const received = (sku: string, count: number): NewEvent[] =>
  Array.from({ length: count }, () => ({ eventId: randomUUID(), type: 'StockReceived', data: { sku, quantity: 1 }, metadata }));
const adjusted = (sku: string): NewEvent => ({ eventId: randomUUID(), type: 'StockAdjusted', data: { sku, quantityDelta: -1, reason: 'damaged' }, metadata });

describe('The event browser', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('browse');
    await PostgresEventStore.migrate(db.pool);
    store = new PostgresEventStore({ pool: db.pool, codec: eventRegistry, log: createLogger('test', 'error') });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  /** Every page of a listing, and what each call looked at. */
  async function browseAll(query: Omit<EventQuery, 'after'>, budget?: number) {
    const pages: { items: RecordedEvent[]; from: Position; scannedTo: Position }[] = [];
    let after: Position = Position.START;
    for (let i = 0; i < 1000; i++) {
      const page = await browseEvents(store, { ...query, after }, budget);
      pages.push({ items: page.items, from: after, scannedTo: page.scannedTo });
      if (page.next === null) return pages;
      after = page.next;
    }
    throw new Error('the listing never ended');
  }

  /** Until readers of all events see `position` (an open transaction elsewhere on the cluster holds them back). */
  async function visible(position: Position) {
    while ((await store.headPosition()) < position) await new Promise((r) => setTimeout(r, 20));
  }

  describe('scanning all events for a selective filter', () => {
    const sku = 'SCAN-1';
    let everything: RecordedEvent[];

    beforeAll(async () => {
      for (let i = 0; i < 6; i++) await store.append(`stock-${sku}-${i}`, [...received(`${sku}-${i}`, 3), adjusted(`${sku}-${i}`)], 'no_stream');
      const last = await store.append(`stock-${sku}-LAST`, received(`${sku}-LAST`, 2), 'no_stream');
      await visible(last.position);
      everything = await store.readAll({ maxCount: 1000 });
    });

    it('looks at no more events per call than its budget, answering short pages with a cursor to go on', async () => {
      const pages = await browseAll({ types: ['StockAdjusted'], limit: 100 }, 5);
      const at = (position: Position) => everything.findIndex((e) => e.position === position);
      for (const page of pages) expect(at(page.scannedTo) - (page.from === Position.START ? -1 : at(page.from))).toBeLessThanOrEqual(5);
      expect(pages.some((page) => page.items.length === 0)).toBe(true);
      expect(pages.flatMap((p) => p.items.map((e) => e.eventId))).toEqual(everything.filter((e) => e.type === 'StockAdjusted').map((e) => e.eventId));
      expect(pages.at(-1)!.scannedTo).toBe(everything.at(-1)!.position);
    });

    it('stops a page at the limit, and visits every matching event once', async () => {
      const pages = await browseAll({ stream: { prefix: `stock-${sku}-` }, limit: 7 });
      expect(pages.slice(0, -1).every((p) => p.items.length === 7)).toBe(true);
      expect(pages.flatMap((p) => p.items.map((e) => e.eventId))).toEqual(everything.filter((e) => e.streamId.startsWith(`stock-${sku}-`)).map((e) => e.eventId));
    });
  });

  describe('one stream by its id', () => {
    const long = 'stock-LONG-1';
    let between: Position;

    beforeAll(async () => {
      // 1,500 events in three appends, with other streams' events between them.
      await store.append(long, received('LONG-1', 600), 'no_stream');
      between = (await store.append('stock-OTHER-1', received('OTHER-1', 2), 'no_stream')).position;
      await store.append(long, received('LONG-1', 600), 599);
      await store.append('stock-OTHER-2', received('OTHER-2', 2), 'no_stream');
      await visible((await store.append(long, received('LONG-1', 300), 1199)).position);
    });

    it('pages through a long stream in order, each event once', async () => {
      const pages = await browseAll({ stream: { exact: long }, limit: 250 });
      const revisions = pages.flatMap((p) => p.items.map((e) => e.revision));
      expect(revisions).toEqual(Array.from({ length: 1500 }, (_, i) => i));
      expect(pages.every((p) => p.items.every((e) => e.streamId === long))).toBe(true);
      // The last full page already says there is no more.
      expect(pages).toHaveLength(6);
    });

    it('starts deep in a long stream from a position between its events', async () => {
      const page = await browseEvents(store, { stream: { exact: long }, after: between, limit: 3 });
      expect(page.items.map((e) => e.revision)).toEqual([600, 601, 602]);
      const tail = await browseEvents(store, { stream: { exact: long }, after: page.next!, limit: 500 });
      expect(tail.items[0]!.revision).toBe(603);
    });

    it('keeps to its budget when a type filter is selective within the stream', async () => {
      await visible((await store.append(long, [adjusted('LONG-1')], 1499)).position);
      const first = await browseEvents(store, { stream: { exact: long }, types: ['StockAdjusted'], after: Position.START, limit: 10 }, 1000);
      expect(first.items).toEqual([]);
      expect(first.next).not.toBeNull();
      const pages = await browseAll({ stream: { exact: long }, types: ['StockAdjusted'], limit: 10 }, 1000);
      expect(pages.flatMap((p) => p.items.map((e) => e.revision))).toEqual([1500]);
    });
  });

  it('shows no event of a stream that readers of all events cannot see yet', async () => {
    const older = await db.pool.connect();
    try {
      // A transaction that began before the append and is still open could yet commit an event
      // at an earlier position; a cursor past the new event would then skip it.
      await older.query('begin');
      await older.query('select pg_current_xact_id()');
      const appended = await store.append('stock-HELD-1', received('HELD-1', 1), 'no_stream');
      expect((await store.readStream('stock-HELD-1')).length).toBe(1);
      expect(await browseEvents(store, { stream: { exact: 'stock-HELD-1' }, after: Position.START, limit: 10 })).toEqual({ items: [], next: null, scannedTo: Position.START });
      await older.query('commit');
      await visible(appended.position);
      expect((await browseEvents(store, { stream: { exact: 'stock-HELD-1' }, after: Position.START, limit: 10 })).items).toHaveLength(1);
    } finally {
      older.release();
    }
  });
});
