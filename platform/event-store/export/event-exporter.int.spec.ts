import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DomainEvent } from '../../../event-schemas';
import { eventRegistry } from '../../../event-schemas/registry';
import { createTestDatabase, type TestDatabase } from '../../../test/postgres';
import { appendSyntheticHistory } from '../../../test/synthetic-history';
import { createLogger } from '../../logger';
import type { EventCodec, EventStore, RecordedEvent } from '../event-store.port';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { exportEvents } from './event-exporter';
import { ndjsonEncoder } from './export-encoders';
import { allVisible } from './testing/all-visible';
import { buildFilter } from './export-filter';

/** Collects what the exporter writes; `delayMs` makes it a slow consumer. */
class Sink extends Writable {
  text = '';
  maxBuffered = 0;
  constructor(private readonly delayMs = 0) {
    super({ highWaterMark: 16 * 1024 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    this.text += chunk.toString();
    if (this.delayMs) setTimeout(done, this.delayMs);
    else done();
  }
  lines(): { position: string; type: string; schemaVersion: number; streamId: string; data: unknown }[] {
    return this.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }
}

// Writes payloads as they were shaped in v1, the way an old release stored them.
const v1Writer: EventCodec = { encode: (_type, data) => ({ schemaVersion: 1, data }), decode: (_type, schemaVersion, data) => ({ schemaVersion, data }) };
const fixtureV1 = JSON.parse(readFileSync(path.join(__dirname, '../../../event-schemas/ordering/v1/order-placed.v1.fixture.json'), 'utf8'));

describe('Event export', () => {
  let db: TestDatabase;
  let store: PostgresEventStore<DomainEvent>;
  let all: RecordedEvent[];
  let phaseB: string; // an instant between the two halves of the history

  const run = async (options: { from?: string; to?: string; type?: string; stream?: string }, sink = new Sink(), batchSize = 37) => {
    const result = await exportEvents(store as EventStore, { filter: buildFilter(options), encoder: ndjsonEncoder, output: sink, batchSize });
    sink.end();
    await finished(sink);
    return { result, lines: sink.lines(), sink };
  };

  beforeAll(async () => {
    db = await createTestDatabase('export');
    await PostgresEventStore.migrate(db.pool);
    const log = createLogger('test', 'warn');
    store = new PostgresEventStore({ pool: db.pool, codec: eventRegistry, log });
    const old = new PostgresEventStore({ pool: db.pool, codec: v1Writer, log });
    const metadata = { correlationId: fixtureV1.orderId, causationId: 'cmd-1', actor: { subject: 'c-1', role: 'customer' }, occurredAt: '2024-01-01T00:00:00.000Z' };
    await old.append(`order-${fixtureV1.orderId}`, [{ eventId: randomUUID(), type: 'OrderPlaced', data: fixtureV1, metadata }], 'no_stream');
    await old.close();
    await appendSyntheticHistory(store, { orders: 30, skus: 4 });
    await sleep(30);
    phaseB = new Date().toISOString();
    await sleep(30);
    await appendSyntheticHistory(store, { orders: 20, skus: 3 });
    await allVisible(store as EventStore, db.pool);
    all = [];
    for (let batch = await store.readAll({ maxCount: 10_000 }); batch.length; batch = await store.readAll({ after: batch.at(-1)!.position, maxCount: 10_000 })) all.push(...batch);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('writes every event once, in global order, decoded and upcast to its current schema', async () => {
    const { lines, result } = await run({});
    expect(lines.map((l) => l.position)).toEqual(all.map((e) => e.position));
    expect(result).toMatchObject({ read: all.length, written: all.length, lastWritten: all.at(-1)!.position, interrupted: false });
    const upcast = lines[0]!;
    expect(upcast).toMatchObject({ type: 'OrderPlaced', schemaVersion: 3, data: eventRegistry.decode('OrderPlaced', 1, fixtureV1).data });
    for (const line of lines) expect(eventRegistry.decode(line.type, line.schemaVersion, line.data)).toEqual({ schemaVersion: line.schemaVersion, data: line.data });
  });

  it('keeps only the listed types in the streams with the prefix', async () => {
    const { lines } = await run({ type: 'OrderPlaced,StockReserved', stream: 'stock-' });
    expect(lines.length).toBe(50);
    expect(lines.every((l) => l.type === 'StockReserved' && l.streamId.startsWith('stock-'))).toBe(true);
  });

  it('exports the position range from inclusive to exclusive, so consecutive ranges add up to the whole history', async () => {
    const [a, b] = [all[40]!.position, all[170]!.position];
    const first = await run({ to: a });
    const middle = await run({ from: a, to: b });
    const last = await run({ from: b });
    expect(middle.lines.map((l) => l.position)).toEqual(all.slice(40, 170).map((e) => e.position));
    expect([...first.lines, ...middle.lines, ...last.lines].map((l) => l.position)).toEqual(all.map((e) => e.position));
    // Reading stops at --to instead of running to the end of the history.
    expect(first.result.read).toBe(40);
  });

  it('exports the recordedAt range from inclusive to exclusive', async () => {
    const before = await run({ to: phaseB });
    const after = await run({ from: phaseB });
    const split = all.findIndex((e) => e.metadata.recordedAt >= phaseB);
    expect(split).toBeGreaterThan(0);
    expect(before.lines.map((l) => l.position)).toEqual(all.slice(0, split).map((e) => e.position));
    expect(after.lines.map((l) => l.position)).toEqual(all.slice(split).map((e) => e.position));
  });

  it('waits for a slow output instead of buffering the history in memory', async () => {
    const sink = new Sink(25);
    const { lines } = await run({}, sink, 20);
    // Without waiting for 'drain', nearly the whole export would sit in the stream's buffer.
    expect(sink.maxBuffered).toBeLessThan(sink.text.length / 4);
    expect(lines.length).toBe(all.length);
  });

  it('ends at the head the store had when the export started, even while events keep arriving', async () => {
    const sink = new Sink(5);
    const exporting = run({}, sink, 10);
    // The exporter takes the head before it writes anything: append only after that moment.
    while (sink.text.length === 0) await new Promise((r) => setTimeout(r, 1));
    await appendSyntheticHistory(store, { orders: 3, skus: 1 });
    const { lines, result } = await exporting;
    expect(lines.map((l) => l.position)).toEqual(all.map((e) => e.position));
    expect(result.head).toBe(all.at(-1)!.position);
  });

  it('stops early when aborted and says so', async () => {
    const abort = new AbortController();
    const sink = new Sink();
    const result = await exportEvents(store as EventStore, {
      filter: {},
      encoder: ndjsonEncoder,
      output: sink,
      batchSize: 10,
      signal: abort.signal,
      onProgress: (p) => p.read >= 30 && abort.abort(),
    });
    expect(result).toMatchObject({ interrupted: true, written: 30, read: 30 });
    expect(sink.lines()).toHaveLength(30);
  });
});
