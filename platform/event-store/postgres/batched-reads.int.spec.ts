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
  const streams = Array.from({ length: 8 }, (_, i) => ({ id: `ticks-${randomUUID()}`, length: i + 1 }));

  beforeAll(async () => {
    db = await createTestDatabase('reads');
    await PostgresEventStore.migrate(db.pool);
    // Counts the statements the store sends (its own pool, so nothing else is counted).
    pool = new Pool({ connectionString: db.url, max: 10 });
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      queries++;
      return query(...args);
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
});
