import { randomUUID } from 'node:crypto';
import type { EventStore, ReadStreamOptions, RecordedEvent } from '../../platform/event-store/event-store.port';
import { PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { createLogger } from '../../platform/logger';
import { createTestDatabase, type TestDatabase } from '../../test/postgres';
import type { CommandContext } from './command-context';
import type { Decider } from './decider';
import { StreamHandler } from './stream-handler';

const log = createLogger('test', 'error');

type Tick = { type: 'Ticked'; data: { by: string } };
/** A counter stream: how many ticks, and who ticked last. */
const counter: Decider<{ ticks: number; last: string | null }, Tick> = {
  category: 'counter',
  snapshotVersion: 1,
  initialState: { ticks: 0, last: null },
  evolve: (state, event) => ({ ticks: state.ticks + 1, last: event.data.by }),
};
/** Ticks unless the last tick was by the same caller: a decision that is often empty. */
const tickBy = (by: string) => (state: { last: string | null }) => (state.last === by ? [] : [{ type: 'Ticked' as const, data: { by } }]);
const context = (): CommandContext => ({ commandId: randomUUID(), actor: { subject: 'test', role: 'system' }, correlationId: 'c', causationId: 'c', now: new Date().toISOString() });

/** Counts the stream reads and head lookups a handler makes. */
function counting(store: EventStore) {
  const counts = { reads: 0, heads: 0 };
  const wrapped = Object.create(store) as EventStore;
  wrapped.readStream = (id: string, options?: ReadStreamOptions) => (counts.reads++, store.readStream(id, options));
  wrapped.streamHead = (id: string) => (counts.heads++, store.streamHead(id));
  return { store: wrapped, counts };
}

describe('StreamHandler with a kept state', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('streams');
    await PostgresEventStore.migrate(db.pool);
    store = new PostgresEventStore({ pool: db.pool, log });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const tick = (streamId: string, by: string, expected: number | 'no_stream') =>
    store.append(streamId, [{ eventId: randomUUID(), type: 'Ticked', data: { by }, metadata: { correlationId: 'c', causationId: 'c', actor: { subject: by, role: 'system' }, occurredAt: new Date().toISOString() } }], expected);

  it('confirms an empty decision with a head lookup instead of reading the stream, and decides again when the stream moved on', async () => {
    const id = randomUUID();
    const { store: counted, counts } = counting(store);
    const streams = new StreamHandler(counted, undefined, log);
    await streams.handle(counter, id, tickBy('a'), context());
    counts.reads = counts.heads = 0;

    // Kept state: the last tick was by a, so a ticks nothing; the stream is where the state says.
    const unchanged = await streams.handle(counter, id, tickBy('a'), context());
    expect(unchanged).toMatchObject({ revision: 0, events: 0 });
    expect(counts).toEqual({ reads: 0, heads: 1 });

    // Another writer ticks as b, then a again: the kept state (last: a) is stale, and the empty
    // decision on it must not stand.
    await tick(`counter-${id}`, 'b', 0);
    const decided = await streams.handle(counter, id, tickBy('a'), context());
    expect(decided).toMatchObject({ revision: 2, events: 1 });
    expect((await store.readStream(`counter-${id}`)).map((e) => (e.data as { by: string }).by)).toEqual(['a', 'b', 'a']);
  });

  it('confirms a refusal on a kept state the same way', async () => {
    const id = randomUUID();
    const { store: counted, counts } = counting(store);
    const streams = new StreamHandler(counted, undefined, log);
    /** Refuses until the counter has reached `n`, then decides nothing. */
    const atLeast = (n: number) => (state: { ticks: number }) => {
      if (state.ticks < n) throw new Error(`only ${state.ticks} ticks`);
      return [];
    };
    await streams.handle(counter, id, tickBy('a'), context());
    counts.reads = counts.heads = 0;
    await expect(streams.handle(counter, id, atLeast(2), context())).rejects.toThrow('only 1 ticks');
    expect(counts).toEqual({ reads: 0, heads: 1 });

    // Kept after its own append at revision 1; another writer moves the stream on, and the refusal would no longer hold.
    await streams.handle(counter, id, tickBy('c'), context());
    await tick(`counter-${id}`, 'd', 1);
    counts.reads = counts.heads = 0;
    await expect(streams.handle(counter, id, atLeast(3), context())).resolves.toMatchObject({ revision: 2, events: 0 });
    expect(counts).toEqual({ reads: 1, heads: 1 });
  });

  it('follows a stream from events seen elsewhere, deciding on them without a read, and reads again when it missed one', async () => {
    const id = randomUUID();
    const streamId = `counter-${id}`;
    const { store: counted, counts } = counting(store);
    const streams = new StreamHandler(counted, undefined, log);
    await tick(streamId, 'x', 'no_stream');
    const [first] = (await store.readStream(streamId)) as RecordedEvent<Tick>[];
    streams.follow(counter, first!);
    expect(streams.kept(counter, streamId)).toMatchObject({ state: { ticks: 1, last: 'x' }, revision: 0 });
    const appended = await streams.handle(counter, id, tickBy('y'), context());
    expect(appended).toMatchObject({ revision: 1, events: 1 });
    expect(counts).toEqual({ reads: 0, heads: 0 });

    // Not the next event of what is kept (nor a stream's first): ignored.
    streams.follow(counter, first!);
    expect(streams.kept(counter, streamId)).toMatchObject({ state: { ticks: 2, last: 'y' }, revision: 1 });

    // Followed, but the stream has moved on since: the append conflicts and the command is decided on a fresh read.
    const other = `counter-${randomUUID()}`;
    await tick(other, 'x', 'no_stream');
    const [start] = (await store.readStream(other)) as RecordedEvent<Tick>[];
    await tick(other, 'z', 0);
    streams.follow(counter, start!);
    const decided = await streams.handle(counter, other.slice('counter-'.length), (state) => [{ type: 'Ticked' as const, data: { by: `after-${state.last}` } }], context());
    expect(decided).toMatchObject({ revision: 2, events: 1 });
    expect((await store.readStream(other)).map((e) => (e.data as { by: string }).by)).toEqual(['x', 'z', 'after-z']);
  });
});
