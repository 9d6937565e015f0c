import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import { waitUntilVisible } from '../../platform/event-store/contract/contract-fixtures';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { orderTimeline } from '../../projections/read-models/order-timeline.projection';
import { openReadSide, type ReadSide } from '../../projections/read-side';
import { rebuild } from '../../projections/runtime/rebuild';
import { createTestDatabase, type TestDatabase } from '../../test/postgres';
import { loadTimeline, timelineFromEvents } from './order-timeline-source';
import { appendAuditedOrder, shipAuditedOrder, type AuditedOrder } from './testing/audited-order';

describe("an order's audit timeline", () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let readSide: ReadSide;
  let order: AuditedOrder;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'timeline-'));

  beforeAll(async () => {
    db = await createTestDatabase('timeline');
    runtime = await openRuntime({ role: 'test', config: { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn', dataDir } });
    readSide = await openReadSide(runtime);
    order = await appendAuditedOrder(runtime.eventStore);
    await waitUntilVisible(runtime.eventStore, order.last.position);
  });
  afterAll(async () => {
    await readSide.close();
    await runtime.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('before the order_timeline read model is built', () => {
    it('folds the timeline from the event store, stock events included, and says why', async () => {
      const sourced = await loadTimeline(runtime.eventStore, readSide, order.orderId);
      expect(sourced!.source).toMatchObject({ kind: 'event-store', reason: expect.stringMatching(/order_timeline read model is not built/) });
      const { timeline } = sourced!;
      expect(timeline).toMatchObject({ orderId: order.orderId, customerId: order.customerId, status: 'Confirmed' });
      expect(timeline.entries.map((e) => `${e.type} ${e.streamId.split('-')[0]}@${e.revision}`)).toEqual([
        'OrderPlaced order@0', 'FulfilmentStarted fulfilment@0', 'StockReserved stock@1', 'PaymentAuthorized payment@0', 'OrderConfirmed order@1',
      ]);
      expect(timeline.entries[0]).toMatchObject({ actor: { subject: order.customerId, role: 'customer' }, causationId: `${order.orderId}:place`, correlationId: order.orderId });
      expect(timeline.entries[2]!.summary).toBe(`Reserved 2 × ${order.sku} until ${(timeline.entries[2]!.data as { expiresAt: string }).expiresAt}`);
    });

    it('falls back to the event store when the read model cannot be opened', async () => {
      const sourced = await loadTimeline(runtime.eventStore, { unavailable: 'MongoDB did not answer' }, order.orderId);
      expect(sourced!.source).toMatchObject({ kind: 'event-store', reason: 'the read model could not be opened (MongoDB did not answer)' });
    });

    it('knows no order that was never placed', async () => {
      expect(await loadTimeline(runtime.eventStore, readSide, randomUUID())).toBeNull();
    });
  });

  describe('once the read model is built', () => {
    beforeAll(async () => {
      await rebuild(readSide.createProjector(['order_timeline']), runtime.eventStore, orderTimeline, { intervalMs: 50 });
    });

    it('reads it, saying which position it reflects, and it equals the timeline folded from the events', async () => {
      const sourced = await loadTimeline(runtime.eventStore, readSide, order.orderId);
      expect(sourced!.source).toMatchObject({ kind: 'read-model', projection: 'order_timeline', generation: 1, lagEvents: 0 });
      expect(sourced!.timeline).toEqual(await timelineFromEvents(runtime.eventStore, order.orderId));
    });

    it('reports how far it lags when events arrived since, and the event store has them', async () => {
      const shipped = await shipAuditedOrder(runtime.eventStore, order);
      await waitUntilVisible(runtime.eventStore, shipped.position);
      const sourced = await loadTimeline(runtime.eventStore, readSide, order.orderId);
      expect(sourced!.source).toMatchObject({ kind: 'read-model', lagEvents: 1, head: shipped.position });
      expect(sourced!.timeline.status).toBe('Confirmed');
      const current = await loadTimeline(runtime.eventStore, readSide, order.orderId, true);
      expect(current!.source).toMatchObject({ kind: 'event-store', reason: 'asked for with --from-events' });
      expect(current!.timeline.entries.at(-1)).toMatchObject({ type: 'OrderShipped', summary: 'Order shipped with DHL' });
      expect(current!.timeline.status).toBe('Shipped');
    });

    it('still knows no order that was never placed', async () => {
      expect(await loadTimeline(runtime.eventStore, readSide, randomUUID())).toBeNull();
    });
  });
});
