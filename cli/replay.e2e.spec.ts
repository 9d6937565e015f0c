import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DomainEvent } from '../event-schemas';
import { loadConfig } from '../platform/config';
import type { EventStore } from '../platform/event-store/event-store.port';
import { allVisible } from '../platform/event-store/export/testing/all-visible';
import { openRuntime, type Runtime } from '../platform/runtime';
import { commerce, ROOT, tempDataDir } from '../test/cli-process';
import { createTestDatabase, type TestDatabase } from '../test/postgres';
import { appendSyntheticHistory } from '../test/synthetic-history';

describe('commerce replay', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  const data = tempDataDir('replay-cli');
  let env: Record<string, string>;
  let events: number;
  const example = 'projections/replay/examples/orders-per-sku';

  beforeAll(async () => {
    db = await createTestDatabase('replaycli');
    runtime = await openRuntime({ role: 'test', config: { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn', dataDir: data.dir } });
    events = await appendSyntheticHistory(runtime.eventStore as EventStore<DomainEvent>, { orders: 50, skus: 3 });
    await allVisible(runtime.eventStore, db.pool);
    env = { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await runtime.close();
    await db.drop();
    data.remove();
  });

  const skus = async () => (await db.pool.query('select sku, orders::int from replay_per_sku.orders_per_sku order by sku')).rows;

  it('replays a TypeScript module into replay_<name>, says where it stopped and how to query it, and continues on the next run', async () => {
    const first = commerce(['replay', '--projection', `${example}.ts`, '--into', 'per_sku'], env);
    expect(await first.exited(60_000)).toBe(0);
    const head = await runtime.eventStore.headPosition();
    expect(first.output()).toMatch(/replaying into replay_per_sku .*events\/s/);
    expect(first.output()).toContain(`replay_per_sku: stopped at position ${head} (recorded 20`);
    expect(first.output()).toContain(`${events} events replayed this run`);
    expect(first.output()).toContain('tables: replay_per_sku.orders_per_sku, replay_per_sku.order_lines');
    expect(first.output()).toContain(`query it: psql "$(npx commerce db url --show-password)" -c 'select * from replay_per_sku.orders_per_sku limit 20'`);
    expect(await skus()).toEqual([
      { sku: 'SYN-0000', orders: 17 },
      { sku: 'SYN-0001', orders: 17 },
      { sku: 'SYN-0002', orders: 16 },
    ]);

    const again = commerce(['replay', '--projection', `${example}.ts`, '--into', 'per_sku'], env);
    expect(await again.exited(60_000)).toBe(0);
    expect(again.output()).toMatch(new RegExp(`stopped at position ${head} .*; 0 events replayed this run .*, ${events} in total`));
  });

  it('starts over with --reset, here from the compiled JavaScript of the same example', async () => {
    const compiled = path.join(ROOT, 'dist', `${example}.js`);
    const run = commerce(['replay', '--projection', compiled, '--into', 'per_sku', '--reset'], env);
    expect(await run.exited(60_000)).toBe(0);
    expect(run.output()).toContain(`${events} events replayed this run`);
    expect(await skus()).toHaveLength(3);
  });

  it('refuses a bad module or name before connecting, and a handler failure says where the replay stands', async () => {
    const typo = path.join(data.dir, 'typo.js');
    writeFileSync(typo, `module.exports = { createTables: () => 'create table t (x int)', handlers: { OrderPlacd: async () => {} } };`);
    const failing = path.join(data.dir, 'failing.js');
    writeFileSync(failing, `module.exports = { createTables: () => 'create table t (x int)', handlers: { OrderConfirmed: async (e, { sql }) => { await sql.query('insert into t values (1/0)'); } } };`);
    const runs = [
      commerce(['replay', '--projection', typo, '--into', 'typo'], env),
      commerce(['replay', '--projection', `${example}.ts`, '--into', 'Per-Sku'], env),
      commerce(['replay', '--projection', failing, '--into', 'failing'], env),
    ];
    const codes = await Promise.all(runs.map((r) => r.exited(60_000)));
    expect(codes).toEqual([1, 1, 1]);
    expect(runs[0]!.output()).toMatch(/typo\.js: handles "OrderPlacd", which is no event type\. Did you mean OrderPlaced\?/);
    expect(runs[1]!.output()).toMatch(/--into "Per-Sku" must be snake_case/);
    expect(runs[2]!.output()).toMatch(/The projection failed on OrderConfirmed at position [0-9a-f]{32} \(stream order-.*division by zero\. Its batch was rolled back; the replay stands at position 0{32}/);
    const schemas = await db.pool.query(`select nspname from pg_namespace where nspname like 'replay\\_%' order by 1`);
    expect(schemas.rows.map((r) => r.nspname)).toEqual(['replay_failing', 'replay_per_sku']);
  });
});
