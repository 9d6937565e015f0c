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

  it('answers at once when the position is already applied', async () => {
    const waiter = new PositionWaiter(db.pool);
    try {
      await waiter.waitFor('order_summary', at(5), 1);
    } finally {
      waiter.close();
    }
  });
});
