import { Position } from '../../platform/event-store/position';
import { createTestDatabase, type TestDatabase } from '../../test/postgres';
import { orderSummary } from '../read-models/order-summary.projection';
import { PositionWaiter, ProjectionNotCaughtUpError } from './position-waiter';
import { ProjectionRegistry } from './projection-registry';

describe('PositionWaiter', () => {
  let db: TestDatabase;
  let registry: ProjectionRegistry;
  beforeAll(async () => {
    db = await createTestDatabase('wait');
    await ProjectionRegistry.migrate(db.pool);
    registry = new ProjectionRegistry(db.pool);
    await registry.addGeneration(orderSummary);
  });
  afterAll(() => db.drop());

  const at = (n: number) => Position.encode(BigInt(n), 0n);

  it('answers as soon as the projector announces the position (no polling needed)', async () => {
    const waiter = new PositionWaiter(db.pool, { listenUrl: db.url, intervalMs: 60_000 });
    try {
      const live = (await registry.live('order_summary'))!;
      const waiting = waiter.waitFor('order_summary', at(10), 20_000);
      await new Promise((r) => setTimeout(r, 300)); // let it start listening
      const started = Date.now();
      await registry.savePosition(db.pool, live, at(10), 1, new Date());
      await registry.notifyProgress('order_summary');
      await waiting;
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      waiter.close();
    }
  });

  it('gives up after the timeout, saying where the projection is', async () => {
    const waiter = new PositionWaiter(db.pool, { listenUrl: db.url });
    try {
      const error = await waiter.waitFor('order_summary', at(99), 200).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProjectionNotCaughtUpError);
      expect(error).toMatchObject({ code: 'PROJECTION_NOT_CAUGHT_UP', projection: 'order_summary', wanted: at(99), current: at(10) });
    } finally {
      waiter.close();
    }
  });

  it('knows live positions, reads them again when the projector announces progress, and never claims one ahead of the registry', async () => {
    const waiter = new PositionWaiter(db.pool, { listenUrl: db.url });
    try {
      const live = (await registry.live('order_summary'))!;
      expect(await waiter.knownPosition('order_summary')).toBe(live.position);
      expect(await waiter.knownPosition('stock_level')).toBeUndefined();
      await new Promise((r) => setTimeout(r, 300)); // let it start listening
      let previous = live.position;
      for (const n of [20, 21, 22]) {
        await registry.savePosition(db.pool, live, at(n), n, new Date());
        // Right after the write, before the notification: the old position or the new one, never beyond.
        expect([previous, at(n)]).toContain(await waiter.knownPosition('order_summary'));
        await registry.notifyProgress('order_summary');
        await until(() => waiter.knownPosition('order_summary'), (p) => p === at(n));
        previous = at(n);
      }
    } finally {
      waiter.close();
    }
  });

  it('answers at once when the position is already applied', async () => {
    const waiter = new PositionWaiter(db.pool);
    try {
      await waiter.waitFor('order_summary', at(5), 1);
    } finally {
      waiter.close();
    }
  });
});

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
