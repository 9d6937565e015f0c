import type { Pool } from 'pg';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { allVisible } from '../../platform/event-store/export/testing/all-visible';
import { Position } from '../../platform/event-store/position';
import { projectionTestbed, type ProjectionTestbed } from '../../test/projections';
import { appendSyntheticHistory } from '../../test/synthetic-history';
import { orderSummary } from '../read-models/order-summary.projection';
import { salesByDay } from '../read-models/sales-by-day.projection';
import ordersPerSku from './examples/orders-per-sku';
import { defineReplay } from './replay-projection';
import { ReplayHandlerError, runReplay, type ReplayOptions } from './replay-runner';

/** Every table of every schema but the replays', row by row: what "untouched" means. */
async function everythingButReplays(pool: Pool): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ schema: string; name: string }>(
    `select schemaname as schema, tablename as name from pg_tables
     where schemaname not in ('pg_catalog', 'information_schema') and schemaname not like 'replay\\_%' order by 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const { schema, name } of rows) {
    const { rows: [digest] } = await pool.query<{ md5: string; n: number }>(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5, count(*)::int as n from "${schema}"."${name}" t`);
    out[`${schema}.${name}`] = `${digest!.n} rows ${digest!.md5}`;
  }
  return out;
}

/** Records every event it is given; the primary key makes a second application of any event fail. */
const everyEvent = (failOn?: { type: string; nth: number }) => {
  let seen = 0;
  return defineReplay({
    createTables: () => 'create table seen (position text primary key, type text not null)',
    batch: {
      handles: ['OrderPlaced', 'OrderConfirmed', 'OrderCancelled', 'StockReserved', 'PaymentAuthorized', 'ProductDefined', 'StockReceived'],
      apply: async (events, { sql }) => {
        for (const e of events) {
          if (failOn && e.type === failOn.type && ++seen === failOn.nth) throw new Error(`refusing ${e.type} number ${failOn.nth}`);
          await sql.query('insert into seen (position, type) values ($1, $2)', [e.position, e.type]);
        }
      },
    },
  });
};

describe('commerce replay (runner)', () => {
  let bed: ProjectionTestbed;
  let live: Record<string, string>;
  const replay = (options: Partial<ReplayOptions> & Pick<ReplayOptions, 'name' | 'projection'>) =>
    runReplay({ pool: bed.db.pool, eventStore: bed.store as EventStore, module: { path: '/analyst/module.js', digest: 'd1' }, batchSize: 50, ...options });
  const rows = async (sql: string) => (await bed.db.pool.query(sql)).rows;

  beforeAll(async () => {
    bed = await projectionTestbed();
    await appendSyntheticHistory(bed.store, { orders: 60, skus: 4 });
    await allVisible(bed.store as EventStore, bed.db.pool);
    // Live read models next to the replays, to prove they are left alone.
    const projector = bed.projector([orderSummary, salesByDay]);
    await projector.start();
    const head = await bed.store.headPosition();
    await bed.caughtUp('order_summary', head);
    await bed.caughtUp('sales_by_day', head);
    await projector.stop();
    live = await everythingButReplays(bed.db.pool);
  });
  afterAll(() => bed.close());

  it('replays the whole history through the example into replay_<name>, where plain SQL answers per SKU', async () => {
    const result = await replay({ name: 'per_sku', projection: ordersPerSku });
    const head = await bed.store.headPosition();
    expect(result).toMatchObject({ schema: 'replay_per_sku', resumedFrom: Position.START, position: head, interrupted: false, tables: ['orders_per_sku', 'order_lines'] });
    expect(result.events).toBe(result.thisRun);
    // The same figures straight from the live order_summary read model, built by the projector.
    const expected = await rows(`select l->>'sku' as sku, count(*)::int as orders, sum((l->>'quantity')::int)::int as units,
        (count(*) filter (where status = 'Cancelled'))::int as cancelled
      from read_models.order_summary, jsonb_array_elements(lines) l group by 1 order by 1`);
    expect(await rows('select sku, orders::int, units::int, cancelled::int from replay_per_sku.orders_per_sku order by sku')).toEqual(expected);
    expect(expected.reduce((n, r) => n + r.cancelled, 0)).toBe(6);
  });

  it('continues from its checkpoint: a second run replays only what was appended since', async () => {
    const before = await rows('select count(*)::int as n from replay_per_sku.order_lines');
    const first = (await rows('select position, events::int from replay_per_sku._replay_checkpoint'))[0]!;
    const added = await appendSyntheticHistory(bed.store, { orders: 5, skus: 2 });
    await allVisible(bed.store as EventStore, bed.db.pool);
    const again = await replay({ name: 'per_sku', projection: ordersPerSku });
    expect(again).toMatchObject({ resumedFrom: first.position, thisRun: added, events: first.events + added });
    expect(await rows('select count(*)::int as n from replay_per_sku.order_lines')).toEqual([{ n: before[0]!.n + 5 }]);
    const nothingNew = await replay({ name: 'per_sku', projection: ordersPerSku });
    expect(nothingNew).toMatchObject({ thisRun: 0, events: again.events, position: again.position });
  });

  it('rolls back the batch a handler fails in, and a re-run continues exactly there, applying every event once', async () => {
    const failed = replay({ name: 'every_event', projection: everyEvent({ type: 'OrderConfirmed', nth: 20 }) });
    await expect(failed).rejects.toThrow(ReplayHandlerError);
    await expect(failed).rejects.toThrow(/failed on batch\.apply of \d+ events .*refusing OrderConfirmed number 20\. Its batch was rolled back; the replay stands at position [0-9a-f]{32}/);
    const [checkpoint] = await rows('select position, events::int from replay_every_event._replay_checkpoint');
    expect(checkpoint!.events % 50).toBe(0); // a batch boundary
    expect(checkpoint!.events).toBeGreaterThan(0);
    expect(await rows(`select count(*)::int as n from replay_every_event.seen where position > '${checkpoint!.position}'`)).toEqual([{ n: 0 }]);

    const resumed = await replay({ name: 'every_event', projection: everyEvent() });
    expect(resumed.resumedFrom).toBe(checkpoint!.position);
    const handled = await rows(`select count(*)::int as n from eventstore.events where type = any($$${'{OrderPlaced,OrderConfirmed,OrderCancelled,StockReserved,PaymentAuthorized,ProductDefined,StockReceived}'}$$)`);
    expect(await rows('select count(*)::int as n from replay_every_event.seen')).toEqual(handled);
  });

  it('stops after the batch in hand when interrupted (Ctrl-C), and the next run continues from there', async () => {
    const abort = new AbortController();
    const stopped = await replay({ name: 'interrupted', projection: everyEvent(), signal: abort.signal, onProgress: () => abort.abort() });
    expect(stopped).toMatchObject({ interrupted: true, events: 50, thisRun: 50 });
    const rest = await replay({ name: 'interrupted', projection: everyEvent() });
    expect(rest).toMatchObject({ interrupted: false, resumedFrom: stopped.position, position: await bed.store.headPosition() });
    expect(rest.events).toBe(stopped.events + rest.thisRun);
    expect(await rows('select count(*)::int as n from replay_interrupted.seen')).toEqual(await rows('select count(*)::int as n from replay_every_event.seen'));
  });

  it('starts over with reset: drops the schema, whatever was added to it, and replays from the first event', async () => {
    await bed.db.pool.query(`insert into replay_per_sku.order_lines values ('00000000-0000-4000-8000-000000000000', 1, 'ADDED-BY-HAND', 1, 1, 'EUR', now(), 'Pending')`);
    const result = await replay({ name: 'per_sku', projection: ordersPerSku, reset: true });
    expect(result).toMatchObject({ resumedFrom: Position.START, events: result.thisRun, position: await bed.store.headPosition() });
    expect(await rows(`select count(*)::int as n from replay_per_sku.order_lines where sku = 'ADDED-BY-HAND'`)).toEqual([{ n: 0 }]);
  });

  it('never touches the live read models, the projector registry or the event store', async () => {
    expect(Object.keys(live)).toEqual(expect.arrayContaining(['projections.generations', 'eventstore.events']));
    expect(Object.keys(live).some((t) => t.startsWith('read_models.order_summary'))).toBe(true);
    const now = await everythingButReplays(bed.db.pool);
    // The event store grew by what the tests appended, and by nothing else.
    const appended = (await rows('select count(*)::int as n from eventstore.events'))[0]!.n;
    expect(now['eventstore.events']).toMatch(new RegExp(`^${appended} rows`));
    delete now['eventstore.events'];
    delete now['eventstore.streams'];
    const { ['eventstore.events']: _events, ['eventstore.streams']: _streams, ...liveRest } = live;
    expect(now).toEqual(liveRest);
  });

  it('notices a changed module, and refuses a different one or a schema it did not make, changing nothing', async () => {
    const notices: string[] = [];
    await replay({ name: 'per_sku', projection: ordersPerSku, module: { path: '/analyst/module.js', digest: 'd2' }, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([expect.stringMatching(/^\/analyst\/module\.js changed since replay_per_sku was started: .*pass --reset/)]);

    await expect(replay({ name: 'per_sku', projection: ordersPerSku, module: { path: '/analyst/other.js', digest: 'd1' } })).rejects.toThrow(
      /replay_per_sku was built by \/analyst\/module\.js, not \/analyst\/other\.js: pass --reset/,
    );
    await bed.db.pool.query('create schema replay_handmade; create table replay_handmade.keep (x int)');
    await expect(replay({ name: 'handmade', projection: ordersPerSku })).rejects.toThrow(/Schema replay_handmade exists but was not made by commerce replay/);
    expect(await rows(`select count(*)::int as n from pg_tables where schemaname = 'replay_handmade'`)).toEqual([{ n: 1 }]);
    await expect(replay({ name: 'Bad-Name', projection: ordersPerSku })).rejects.toThrow(/--into "Bad-Name" must be snake_case/);
  });

  it('refuses a second replay into the same schema while one is running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = defineReplay({ createTables: () => 'create table t (x int)', handlers: { OrderPlaced: () => gate } });
    const first = replay({ name: 'busy', projection: slow });
    await new Promise((r) => setTimeout(r, 300));
    await expect(replay({ name: 'busy', projection: slow })).rejects.toThrow(/Another commerce replay into replay_busy is running/);
    release();
    await expect(first).resolves.toMatchObject({ interrupted: false });
  });
});
