import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/postgres';
import { createLogger } from '../../logger';
import { PostgresEventStore } from './postgres-event-store';

const log = createLogger('test', 'error');
const metadata = { correlationId: 'c', causationId: 'c', actor: { subject: 'test', role: 'system' }, occurredAt: '2026-01-01T00:00:00.000Z' };

describe('Stream reads asked for at the same time', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let queries = 0;
  /** While set, answers to stream-head queries are held until it resolves (the query itself ran). */
  let holdHeads: Promise<void> | undefined;
  let heldHeads = 0;
  let failHeads: Error | undefined;
  const streams = Array.from({ length: 8 }, (_, i) => ({ id: `ticks-${randomUUID()}`, length: i + 1 }));

  beforeAll(async () => {
    db = await createTestDatabase('reads');
    await PostgresEventStore.migrate(db.pool);
    // Counts the statements the store sends (its own pool, so nothing else is counted).
    pool = new Pool({ connectionString: db.url, max: 10 });
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      queries++;
      const isHeads = (args[0] as { name?: string }).name === 'eventstore_stream_heads';
      if (isHeads && failHeads) return Promise.reject(failHeads);
      const hold = isHeads ? holdHeads : undefined;
      if (!hold) return query(...args);
      return (query(...args) as Promise<unknown>).then(async (result) => {
        heldHeads++;
        await hold;
        return result;
      });
    };
    store = new PostgresEventStore({ pool, log });
    for (const { id, length } of streams) {
      await store.append(id, Array.from({ length }, (_, n) => ({ eventId: randomUUID(), type: 'Tick', data: { n }, metadata })), 'no_stream');
    }
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  const calls = () => [
    ...streams.map((s) => () => store.streamHead(s.id)),
    () => store.streamHead(`ticks-${randomUUID()}`),
    () => store.streamHead(streams[3]!.id),
    ...streams.map((s, i) => () => store.readStream(s.id, { fromRevision: i % 3 })),
    () => store.readStream(streams[7]!.id),
    () => store.readStream(streams[7]!.id, { fromRevision: 5 }),
    () => store.readStream(streams[0]!.id, { fromRevision: 4 }),
    () => store.readStream(`ticks-${randomUUID()}`),
  ];

  it('answers each exactly as it would be answered alone, in fewer queries', async () => {
    const alone: unknown[] = [];
    for (const call of calls()) alone.push(await call());
    queries = 0;
    const together = await Promise.all(calls().map((call) => call()));
    expect(queries).toBeLessThan(together.length / 2);
    // The unknown streams differ by name only; both are absent.
    expect(together).toEqual(alone);
    expect(together[8]).toBeNull();
    expect((together[10] as unknown[]).length).toBe(1);
    expect((together[19] as { revision: number }[]).map((e) => e.revision)).toEqual([5, 6, 7]);
    expect(together[20]).toEqual([]);
    expect(together[21]).toEqual([]);
  });

  const tick = () => ({ eventId: randomUUID(), type: 'Tick', data: { n: 0 }, metadata });

  it('answers a head with the stream as it was when it was asked for, not as an older lookup still out saw it', async () => {
    const id = `ticks-${randomUUID()}`;
    await store.append(id, [tick()], 'no_stream');
    let release!: () => void;
    holdHeads = new Promise((resolve) => (release = resolve));
    heldHeads = 0;
    // Two lookups read the stream at revision 0 and are held on their way back...
    const before = [store.streamHead(id), store.streamHead(id)];
    while (heldHeads < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    // ...while the stream moves on and is asked for again.
    await store.append(id, [tick()], 0);
    const after = store.streamHead(id);
    holdHeads = undefined;
    release();
    expect((await Promise.all(before)).map((head) => head?.revision)).toEqual([0, 0]);
    expect((await after)?.revision).toBe(1);
  });

  it('gives every caller of a failed lookup its error, then answers the next ones', async () => {
    const failure = new Error('connection terminated');
    failHeads = failure;
    const failed = await Promise.allSettled(streams.map((s) => store.streamHead(s.id)));
    failHeads = undefined;
    expect(failed.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : outcome.value))).toEqual(streams.map(() => failure));
    const heads = await Promise.all(streams.map((s) => store.streamHead(s.id)));
    expect(heads.map((head) => head?.revision)).toEqual(streams.map((s) => s.length - 1));
  });
});
