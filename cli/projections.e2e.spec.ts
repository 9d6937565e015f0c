import type { DomainEvent } from '../event-schemas';
import { loadConfig } from '../platform/config';
import type { EventStore } from '../platform/event-store/event-store.port';
import { openRuntime, type Runtime } from '../platform/runtime';
import { commerce, tempDataDir } from '../test/cli-process';
import { createTestDatabase, type TestDatabase } from '../test/postgres';
import { appendSyntheticHistory } from '../test/synthetic-history';

describe('commerce projections', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  const data = tempDataDir('projections-cli');
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('pcli');
    runtime = await openRuntime({ role: 'test', config: { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn', dataDir: data.dir } });
    await appendSyntheticHistory(runtime.eventStore as EventStore<DomainEvent>, { orders: 200 });
    env = { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await runtime.close();
    await db.drop();
    data.remove();
  });

  it('rebuilds a read model with progress, then again into a new generation, and status shows where each stands', async () => {
    const first = commerce(['projections', 'rebuild', 'order_summary'], env);
    expect(await first.exited(60_000)).toBe(0);
    expect(first.output()).toMatch(/rebuilding order_summary .*events\/s/);
    expect(first.output()).toMatch(/order_summary: generation 1 is live/);

    const second = commerce(['projections', 'rebuild', 'order_summary'], env);
    expect(await second.exited(60_000)).toBe(0);
    expect(second.output()).toMatch(/order_summary: generation 2 is live/);
    expect((await db.pool.query('select count(*)::int as n from read_models.order_summary')).rows).toEqual([{ n: 200 }]);

    const status = commerce(['projections', 'status', '--json'], env);
    expect(await status.exited()).toBe(0);
    const rows = JSON.parse(status.output()) as { name: string; live: { generation: number; state: string; lagEvents: number } | null }[];
    expect(rows.find((r) => r.name === 'order_summary')!.live).toMatchObject({ generation: 2, state: 'running', lagEvents: 0 });
    expect(rows.find((r) => r.name === 'stock_level')!.live).toBeNull();

    const table = commerce(['projections', 'status'], env);
    expect(await table.exited()).toBe(0);
    expect(table.output()).toMatch(/order_summary\s+v1\s+g2\s+running/);
  });

  it('names the known read models when given an unknown one', async () => {
    const run = commerce(['projections', 'rebuild', 'order_sumary'], env);
    expect(await run.exited()).toBe(1);
    expect(run.output()).toMatch(/Unknown projection "order_sumary": one of order_summary, stock_level/);
  });
});
