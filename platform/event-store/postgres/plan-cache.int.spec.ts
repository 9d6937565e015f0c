import { Pool } from 'pg';
import { createTestDatabase, genericPlan, type TestDatabase } from '../../../test/postgres';
import { createLogger } from '../../logger';
import { counted, uniqueStream } from '../contract/contract-fixtures';
import { allVisible } from '../export/testing/all-visible';
import { READ_STREAMS_SQL, STREAM_HEADS_SQL } from './batched-reads';
import { PostgresEventStore } from './postgres-event-store';

const log = createLogger('test', 'error');

/**
 * The statements every subscriber and command runs many times a second are planned once per
 * connection: after Postgres' five custom plans, it keeps the generic one. (Planning them again on
 * every call cost more than running them.) pg_prepared_statements counts both kinds per session,
 * so the store here has a pool of one connection.
 */
describe('Plans of the event store’s frequent reads', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase('plans');
    await PostgresEventStore.migrate(db.pool);
    pool = new Pool({ connectionString: db.url, max: 1 });
    store = new PostgresEventStore({ pool, log });
    // A log of some size, as the planner sees it: against a few rows any plan looks as cheap as any other.
    await db.pool.query(
      `insert into eventstore.events (tx_id, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash, previous_hash)
       select 1, 'filler-' || i, 0, gen_random_uuid(), 'Filler', 1, '{}', '{}', now(), repeat('0', 64), repeat('0', 64) from generate_series(1, 50000) i;
       analyze eventstore.events`,
    );
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  const plans = async () =>
    Object.fromEntries(
      (await pool.query<{ name: string; generic_plans: string; custom_plans: string }>('select name, generic_plans, custom_plans from pg_prepared_statements')).rows.map((r) => [
        r.name,
        { generic: Number(r.generic_plans), custom: Number(r.custom_plans) },
      ]),
    );

  it('reads of the log, stream heads and whole streams settle on the generic plan', async () => {
    const streamId = uniqueStream('ticks');
    // On the shared test server another file's open transaction can keep appends hidden for a while.
    await allVisible(store, pool);
    const start = await store.headPosition();
    let after = start;
    for (let i = 0; i < 12; i++) {
      const appended = await store.append(streamId, [counted(i)], 'any');
      let read = await store.readAll({ after, maxCount: 100 });
      while (read.length === 0) {
        await new Promise((r) => setTimeout(r, 10));
        read = await store.readAll({ after, maxCount: 100 });
      }
      expect(read.map((e) => e.data)).toEqual([{ n: i }]);
      after = appended.position;
      expect((await store.streamHead(streamId))?.revision).toBe(i);
      expect(await store.readStream(streamId)).toHaveLength(i + 1);
    }
    const subscription = store.subscribeToAll({ after: start, batchSize: 1, trusted: { types: ['Counted'] } });
    let seen = 0;
    for await (const event of subscription) {
      expect(event.data).toEqual({ n: seen });
      if (++seen === 12) break;
    }
    await subscription.stop();

    const byName = await plans();
    for (const name of ['eventstore_read_all', 'eventstore_read_all_trusted', 'eventstore_stream_heads', 'eventstore_read_streams']) {
      expect({ name, custom: byName[name]!.custom, genericUsed: byName[name]!.generic >= 6 }).toEqual({ name, custom: 5, genericUsed: true });
    }
  });
});

/**
 * A connection keeps its generic plan for as long as it lives, and it often makes it while the
 * tables are small: just after a new shop starts, or a new database. The batched lookups must stay
 * key lookups however much the tables have grown since.
 */
describe('Generic plans of the batched stream lookups, made against small tables', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('plans_small');
    await PostgresEventStore.migrate(db.pool);
    // A few hundred streams and events, not analyzed yet: what a shop has just after its setup.
    await db.pool.query(
      `insert into eventstore.streams (stream_id, revision, last_hash) select 'product-' || i, 0, repeat('0', 64) from generate_series(1, 300) i;
       insert into eventstore.events (tx_id, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash, previous_hash)
       select 1, 'product-' || i, 0, gen_random_uuid(), 'Filler', 1, '{}', '{}', now(), repeat('0', 64), repeat('0', 64) from generate_series(1, 300) i`,
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it.each([
    ['stream heads', STREAM_HEADS_SQL, `'{product-1,product-2}'::text[]`],
    ['stream reads', READ_STREAMS_SQL, `'{product-1,product-2}'::text[], '{0,0}'::bigint[]`],
  ])('%s: the generic plan looks each stream up by its key and reads no table in full', async (_, sql, args) => {
    const plan = await genericPlan(db.pool, sql, args);
    expect(plan).toMatch(/Index (Only )?Scan using (streams|events)_pkey/);
    expect(plan).not.toMatch(/Seq Scan|Hash Join/);
  });
});
