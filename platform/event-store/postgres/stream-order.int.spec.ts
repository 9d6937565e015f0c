import { randomUUID } from 'node:crypto';
import { createLogger } from '../../logger';
import { createTestDatabase, type TestDatabase } from '../../../test/postgres';
import { contractCodec, counted } from '../contract/contract-fixtures';
import { PostgresEventStore } from './postgres-event-store';

/**
 * Within a stream, a later revision must have a later global position, whatever the concurrency:
 * readers of all events (projections guard by stream revision) would otherwise see revision n+1
 * before n. Many concurrent appends to a few shared streams make the store group them into
 * multi-stream batches, the case that once broke this.
 */
describe('Postgres event store: stream order within the global order', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase('order');
    await PostgresEventStore.migrate(db.pool);
    store = new PostgresEventStore({ pool: db.pool, connectionString: db.url, codec: contractCodec, log: createLogger('test', 'error') });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('gives every later revision of a stream a later position, under concurrent grouped appends', async () => {
    const streams = Array.from({ length: 6 }, () => `order-${randomUUID()}`);
    let n = 0;
    const worker = async (w: number) => {
      for (let i = 0; i < 60; i++) {
        // Each worker also owns a stream of its own, so batches mix shared and private streams.
        const stream = i % 3 === 0 ? `own-${w}-${streams[0]}` : streams[(w + i) % streams.length]!;
        await store.append(stream, [counted(n++)], 'any');
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    const { rows } = await db.pool.query<{ stream_id: string; out_of_order: string }>(
      `select stream_id, count(*) as out_of_order from (
         select stream_id, (tx_id, seq) < lag((tx_id, seq)) over (partition by stream_id order by revision) as behind from eventstore.events
       ) t where behind group by stream_id`,
    );
    expect(rows).toEqual([]);
  });
});
