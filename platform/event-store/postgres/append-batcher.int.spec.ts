import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/postgres';
import { verifyStream } from '../chain-verifier';
import { IdempotencyConflictError, WrongExpectedRevisionError } from '../errors';
import type { AppendResult, NewEvent } from '../event-store.port';
import { Position } from '../position';
import { createLogger } from '../../logger';
import { PostgresEventStore } from './postgres-event-store';

const log = createLogger('test', 'error');
const metadata = { correlationId: 'c', causationId: 'c', actor: { subject: 'test', role: 'system' }, occurredAt: '2026-01-01T00:00:00.000Z' };
const event = (n: number, eventId: string = randomUUID()): NewEvent => ({ eventId, type: 'Tick', data: { n }, metadata });
const stream = () => `ticks-${randomUUID()}`;
/** The transaction that committed an append: appends that went together share it. */
const txOf = (result: AppendResult) => Position.decode(Position.parse(result.position)).high;

describe('Appends that go together (group commit)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('batch');
    await PostgresEventStore.migrate(db.pool);
    // One call at a time, so concurrent appends are bound to wait and go together.
    store = new PostgresEventStore({ pool: db.pool, log, maxAppendsInFlight: 1 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('gives each of many concurrent appends its own revision and position, in one commit, with intact hash chains', async () => {
    const streams = Array.from({ length: 12 }, stream);
    for (const id of streams) await store.append(id, [event(0)], 'no_stream');
    const results = await Promise.all(streams.map((id, i) => store.append(id, [event(1), event(2 + i)], 0)));
    expect(results.map((r) => r.nextRevision)).toEqual(streams.map(() => 2));
    expect(new Set(results.map((r) => r.position)).size).toBe(12);
    expect(new Set(results.slice(1).map(txOf)).size).toBe(1);
    for (const [i, id] of streams.entries()) {
      const events = await store.readStream(id);
      expect(events.map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 + i }]);
      expect(events.at(-1)!.position).toBe(results[i]!.position);
      expect((await verifyStream(store, id)).breaks).toEqual([]);
    }
  });

  it('refuses only the append whose expected revision is wrong, and writes nothing of it', async () => {
    const [a, b, fresh] = [stream(), stream(), stream()];
    await store.append(a, [event(0)], 'no_stream');
    await store.append(b, [event(0)], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append(a, [event(1)], 0),
      store.append(b, [event(1)], 5),
      store.append(fresh, [event(1)], 3),
      store.append(a, [event(2)], 1),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ actual: 0 });
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ actual: 'no_stream' });
    expect((await store.readStream(a)).map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(await store.readStream(b)).toHaveLength(1);
    expect(await store.streamHead(fresh)).toBeNull();
    // A refused first append leaves the stream as new as it was.
    expect((await store.append(fresh, [event(0)], 'no_stream')).nextRevision).toBe(0);
  });

  it('answers a repeated append with the original result, and refuses an event id taken by another stream', async () => {
    const [a, b, c] = [stream(), stream(), stream()];
    const id = randomUUID();
    const original = await store.append(a, [event(0, id), event(1)], 'no_stream');
    const repeat = [event(0, id), { ...event(1), eventId: (await store.readStream(a))[1]!.eventId }];
    const outcomes = await Promise.allSettled([store.append(b, [event(0)], 'no_stream'), store.append(a, repeat, 'no_stream'), store.append(c, [event(0, id)], 'no_stream')]);
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled' });
    expect(outcomes[1]).toEqual({ status: 'fulfilled', value: { ...original, appended: false } });
    expect(outcomes[2]).toMatchObject({ status: 'rejected', reason: expect.any(IdempotencyConflictError) });
    expect(await store.readStream(c)).toEqual([]);
  });

  it('still appends the others when the shared call fails as a whole, and reports the failure to its own caller', async () => {
    await db.pool.query(`create or replace function eventstore.refuse_broken() returns trigger language plpgsql as $$
      begin raise exception 'broken stream (test)'; end $$`);
    await db.pool.query(`create trigger refuse_broken before insert on eventstore.events for each row when (new.stream_id like 'broken-%') execute function eventstore.refuse_broken()`);
    try {
      const [a, b] = [stream(), stream()];
      const outcomes = await Promise.allSettled([store.append(a, [event(0)], 'no_stream'), store.append(`broken-${randomUUID()}`, [event(0)], 'no_stream'), store.append(b, [event(0)], 'no_stream')]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason.message).toContain('broken stream (test)');
      expect(await store.readStream(a)).toHaveLength(1);
      expect(await store.readStream(b)).toHaveLength(1);
    } finally {
      await db.pool.query('drop trigger if exists refuse_broken on eventstore.events');
    }
  });
});
