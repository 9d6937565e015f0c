import { createTestDatabase, type TestDatabase } from '../../test/postgres';
import { counted, countedBatch, uniqueStream } from '../event-store/contract/contract-fixtures';
import { allVisible } from '../event-store/export/testing/all-visible';
import type { RecordedEvent } from '../event-store/event-store.port';
import { Position } from '../event-store/position';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { createLogger } from '../logger';
import { CheckpointStore } from './checkpoints';
import { KeyedConsumer } from './keyed-consumer';

const log = createLogger('test', 'error');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('KeyedConsumer', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let checkpoints: CheckpointStore;

  beforeAll(async () => {
    db = await createTestDatabase('consumer');
    await PostgresEventStore.migrate(db.pool);
    await CheckpointStore.migrate(db.pool);
    store = new PostgresEventStore({ pool: db.pool, connectionString: db.url, log, pollIntervalMs: 100 });
    checkpoints = new CheckpointStore(db.pool);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  function consumer(name: string, streams: string[], handle: (e: RecordedEvent, key: string) => Promise<void>) {
    return new KeyedConsumer({ name, store, checkpoints, log, keyOf: (e) => (streams.includes(e.streamId) ? e.streamId : undefined), handle, checkpointEveryMs: 20 });
  }

  it('handles each key in order, keys concurrently, and never checkpoints past unfinished work', async () => {
    const [slow, fast] = [uniqueStream('k'), uniqueStream('k')];
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((r) => (releaseSlow = r));
    const seen = new Map<string, number[]>();
    const c = consumer('order-test', [slow, fast], async (e, key) => {
      if (key === slow && e.revision === 0) await slowGate;
      seen.set(key, [...(seen.get(key) ?? []), e.revision]);
    });
    await store.append(slow, countedBatch(0, 3), 'no_stream');
    const fastAppend = await store.append(fast, countedBatch(0, 3), 'no_stream');
    await c.start();

    // The fast key finishes while the slow key's first event is still running.
    await until(() => seen.get(fast)?.length === 3);
    expect(seen.get(slow)).toBeUndefined();
    await sleep(60);
    expect(Position.compare(await checkpoints.load('order-test'), (await store.readStream(slow))[0]!.position)).toBe(-1);

    releaseSlow();
    await until(() => seen.get(slow)?.length === 3);
    expect(seen.get(slow)).toEqual([0, 1, 2]);
    expect(seen.get(fast)).toEqual([0, 1, 2]);
    await c.stop();
    expect(Position.compare(await checkpoints.load('order-test'), fastAppend.position)).toBeGreaterThanOrEqual(0);
  });

  it('retries a failing handler until it succeeds', async () => {
    const stream = uniqueStream('k');
    let attempts = 0;
    const c = consumer('retry-test', [stream], async () => {
      attempts++;
      if (attempts < 3) throw new Error('transient');
    });
    await store.append(stream, countedBatch(0, 1), 'no_stream');
    await c.start();
    await until(() => attempts === 3);
    await c.stop();
  });

  it('resumes after a restart with everything after its checkpoint, once', async () => {
    const stream = uniqueStream('k');
    const handled: number[] = [];
    const handler = async (e: RecordedEvent) => void handled.push((e.data as { n: number }).n);
    await store.append(stream, countedBatch(0, 5), 'no_stream');
    const first = consumer('resume-test', [stream], handler);
    await first.start();
    await until(() => handled.length === 5);
    await first.stop();

    await store.append(stream, countedBatch(5, 5), 4);
    const second = consumer('resume-test', [stream], handler);
    await second.start();
    await until(() => handled.length === 10);
    await sleep(50);
    await second.stop();
    expect(handled).toEqual([...Array(10).keys()]);
  });

  it('stops once the handlers in flight are done: the work waiting behind them is given up, and the next consumer does it, once', async () => {
    const keys = [uniqueStream('k'), uniqueStream('k'), uniqueStream('k'), uniqueStream('k')];
    // Appended round by round, so each key's first event comes before every key's second.
    for (let round = 0; round < 25; round++) for (const key of keys) await store.append(key, [counted(round)], round === 0 ? 'no_stream' : round - 1);
    await allVisible(store, db.pool);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handled: string[] = [];
    let running = 0;
    const first = consumer('stop-backlog-test', keys, async (e, key) => {
      running++;
      await gate;
      handled.push(`${key}:${e.revision}`);
    });
    await first.start();
    // Each key's first event is running (held at the gate); its later events queue behind it.
    await until(() => running === keys.length);
    const stopping = first.stop();
    release();
    await stopping;
    expect(handled.sort()).toEqual(keys.map((k) => `${k}:0`).sort());
    const checkpoint = await checkpoints.load('stop-backlog-test');
    const [firsts, seconds] = [await Promise.all(keys.map(async (k) => (await store.readStream(k))[0]!.position)), await Promise.all(keys.map(async (k) => (await store.readStream(k))[1]!.position))];
    for (const p of firsts) expect(Position.compare(checkpoint, p)).toBeGreaterThanOrEqual(0);
    for (const p of seconds) expect(Position.compare(checkpoint, p)).toBe(-1);

    const second = consumer('stop-backlog-test', keys, async (e, key) => void handled.push(`${key}:${e.revision}`));
    await second.start();
    await until(() => handled.length === keys.length * 25);
    await sleep(50);
    await second.stop();
    expect(new Set(handled).size).toBe(handled.length);
    for (const key of keys) expect(handled.filter((h) => h.startsWith(`${key}:`)).map((h) => Number(h.split(':').pop()))).toEqual([...Array(25).keys()]);
  });

  it('with types, decodes only those: the others reach keyOf as envelopes without data, and the checkpoint passes them', async () => {
    const stream = uniqueStream('k');
    const keyed: { type: string; data: unknown }[] = [];
    const handled: number[] = [];
    const c = new KeyedConsumer({
      name: 'types-test',
      store,
      checkpoints,
      log,
      types: ['Counted'],
      keyOf: (e) => {
        if (e.streamId !== stream) return undefined;
        keyed.push({ type: e.type, data: e.data });
        return e.type === 'Counted' ? stream : undefined;
      },
      handle: async (e) => void handled.push((e.data as { n: number }).n),
      checkpointEveryMs: 20,
    });
    const last = await store.append(stream, [counted(0), counted(1, { type: 'Skipped' }), counted(2), counted(3, { type: 'Skipped' })], 'no_stream');
    await c.start();
    await until(() => keyed.length === 4 && handled.length === 2);
    await c.stop();
    expect(Position.compare(await checkpoints.load('types-test'), last.position)).toBe(0);
    expect(handled).toEqual([0, 2]);
    expect(keyed).toEqual([
      { type: 'Counted', data: { n: 0 } },
      { type: 'Skipped', data: undefined },
      { type: 'Counted', data: { n: 2 } },
      { type: 'Skipped', data: undefined },
    ]);
  });
});
