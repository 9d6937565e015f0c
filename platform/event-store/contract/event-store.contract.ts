import { IdempotencyConflictError, InvalidEventError, InvalidRevisionError, InvalidStreamIdError, WrongExpectedRevisionError } from '../errors';
import type { EventStore, ExpectedRevision } from '../event-store.port';
import { verifyStream } from '../chain-verifier';
import { GENESIS_HASH } from '../hash-chain';
import { Position } from '../position';
import { contractCodec, counted, countedBatch, readAllOf, settle, sleep, TestPayloadError, uniqueStream, waitUntilVisible, type ContractHarness } from './contract-fixtures';
import { describeConcurrencyContract } from './concurrency.contract';

/**
 * The behaviour every EventStore adapter must show. An adapter's spec calls this with a harness;
 * the same assertions run against Postgres always and against KurrentDB when it is reachable.
 */
export function describeEventStoreContract(adapter: string, harness: () => ContractHarness): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let h: ContractHarness;
    let store: EventStore;

    beforeAll(async () => {
      h = harness();
      store = await h.createStore(contractCodec);
    });
    afterAll(async () => {
      await store?.close();
      await h?.dispose();
    });

    describe('appending', () => {
      it('numbers a new stream from revision 0 and returns the last revision and position', async () => {
        const stream = uniqueStream();
        const result = await store.append(stream, countedBatch(0, 3), 'no_stream');
        expect(result).toMatchObject({ streamId: stream, nextRevision: 2, appended: true });
        expect(Position.isPosition(result.position)).toBe(true);
        const events = await store.readStream(stream);
        expect(events.map((e) => [e.revision, e.data])).toEqual([[0, { n: 0 }], [1, { n: 1 }], [2, { n: 2 }]]);
        expect(events[2]!.position).toBe(result.position);
      });

      it('keeps the metadata it was given and adds recordedAt, schemaVersion and the hash chain', async () => {
        const stream = uniqueStream();
        const event = counted(7, { metadata: { correlationId: 'order-42', causationId: 'cmd-9', actor: { subject: 'cust-1', role: 'customer' }, occurredAt: '2026-02-03T04:05:06.789Z' } });
        await store.append(stream, [event, counted(8)], 'any');
        const [first, second] = await store.readStream(stream);
        expect(first).toMatchObject({ eventId: event.eventId, type: 'Counted', schemaVersion: 2, streamId: stream, revision: 0 });
        expect(first!.metadata).toMatchObject({ correlationId: 'order-42', causationId: 'cmd-9', actor: { subject: 'cust-1', role: 'customer' }, occurredAt: '2026-02-03T04:05:06.789Z' });
        expect(Date.parse(first!.metadata.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
        expect(first!.metadata.previousHash).toBe(GENESIS_HASH);
        expect(first!.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(second!.metadata.previousHash).toBe(first!.metadata.hash);
        expect((await verifyStream(store, stream)).breaks).toEqual([]);
      });

      it('reports the stream head', async () => {
        const stream = uniqueStream();
        expect(await store.streamHead(stream)).toBeNull();
        const r = await store.append(stream, countedBatch(0, 2), 'no_stream');
        const last = (await store.readStream(stream)).at(-1)!;
        expect(await store.streamHead(stream)).toEqual({ revision: 1, hash: last.metadata.hash, position: r.position });
      });

      const cases: [string, ExpectedRevision, number | 'no_stream'][] = [
        ['no_stream on an existing stream', 'no_stream', 1],
        ['an older exact revision', 0, 1],
        ['a future exact revision', 5, 1],
      ];
      it.each(cases)('rejects %s with the actual revision and writes nothing', async (_name, expected, actual) => {
        const stream = uniqueStream();
        await store.append(stream, countedBatch(0, 2), 'no_stream');
        const error = await store.append(stream, [counted(9)], expected).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected, actual });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('rejects stream_exists and an exact revision on a missing stream with actual no_stream', async () => {
        for (const expected of ['stream_exists', 0] as const) {
          const stream = uniqueStream();
          await expect(store.append(stream, [counted(1)], expected)).rejects.toMatchObject({ actual: 'no_stream', code: 'WRONG_EXPECTED_REVISION' });
          expect(await store.streamHead(stream)).toBeNull();
        }
      });

      it('accepts any, stream_exists and the exact current revision', async () => {
        const stream = uniqueStream();
        await store.append(stream, [counted(0)], 'any');
        await store.append(stream, [counted(1)], 'stream_exists');
        const r = await store.append(stream, [counted(2)], 1);
        expect(r.nextRevision).toBe(2);
      });
    });

    describe('idempotent retries', () => {
      it('returns the original result for a retried batch and appends nothing', async () => {
        const stream = uniqueStream();
        const batch = countedBatch(0, 3);
        const first = await store.append(stream, batch, 'no_stream');
        for (const expected of ['no_stream', 'any'] as const) {
          const again = await store.append(stream, batch, expected);
          expect(again).toEqual({ ...first, appended: false });
        }
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('recognises a retry of an earlier batch after later appends', async () => {
        const stream = uniqueStream();
        const batch = [counted(0)];
        const first = await store.append(stream, batch, 'no_stream');
        await store.append(stream, [counted(1)], 0);
        expect(await store.append(stream, batch, 'no_stream')).toEqual({ ...first, appended: false });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('appends once when the same batch is retried concurrently', async () => {
        const stream = uniqueStream();
        const batch = countedBatch(0, 2);
        const { ok, failed } = await settle(Array.from({ length: 10 }, () => store.append(stream, batch, 'any')));
        expect(failed).toEqual([]);
        expect(ok.filter((r) => r.appended)).toHaveLength(1);
        expect(new Set(ok.map((r) => r.position)).size).toBe(1);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('rejects an event id reused in a different batch', async () => {
        const stream = uniqueStream();
        const event = counted(0);
        await store.append(stream, [event], 'no_stream');
        await expect(store.append(stream, [event, counted(1)], 'any')).rejects.toBeInstanceOf(IdempotencyConflictError);
        await expect(store.append(uniqueStream(), [event], 'any')).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('concurrent appenders at one expected revision', () => {
      it.each([['an existing stream', 4], ['a new stream', 'no_stream']] as const)('on %s exactly one of 20 wins; the rest get the actual revision', async (_name, expected) => {
        const stream = uniqueStream();
        if (expected !== 'no_stream') await store.append(stream, countedBatch(0, 5), 'no_stream');
        const { ok, failed } = await settle(Array.from({ length: 20 }, (_, i) => store.append(stream, [counted(100 + i)], expected)));
        expect(ok).toHaveLength(1);
        expect(failed).toHaveLength(19);
        const winnerRevision = ok[0]!.nextRevision;
        for (const error of failed) {
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect((error as WrongExpectedRevisionError).actual).toBe(winnerRevision);
        }
        expect(await store.readStream(stream)).toHaveLength(winnerRevision + 1);
      });
    });

    describe('reading a stream', () => {
      let stream: string;
      beforeAll(async () => {
        stream = uniqueStream();
        await store.append(stream, countedBatch(0, 10), 'no_stream');
      });
      const revisions = async (options: Parameters<EventStore['readStream']>[1]) => (await store.readStream(stream, options)).map((e) => e.revision);

      it('reads forwards from and up to a revision', async () => {
        expect(await revisions({ fromRevision: 3, toRevision: 6 })).toEqual([3, 4, 5, 6]);
        expect(await revisions({ fromRevision: 8 })).toEqual([8, 9]);
        expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
      });

      it('reads backwards from the end or from a revision', async () => {
        expect(await revisions({ direction: 'backwards', maxCount: 3 })).toEqual([9, 8, 7]);
        expect(await revisions({ direction: 'backwards', fromRevision: 4, toRevision: 2 })).toEqual([4, 3, 2]);
      });

      it('returns nothing for a stream that does not exist', async () => {
        expect(await store.readStream(uniqueStream())).toEqual([]);
      });

      it('travels in time: only events recorded at or before an instant', async () => {
        const s = uniqueStream();
        await store.append(s, [counted(0)], 'no_stream');
        await sleep(30);
        await store.append(s, [counted(1)], 0);
        await sleep(30);
        await store.append(s, [counted(2)], 1);
        const all = await store.readStream(s);
        const asOf = new Date(all[1]!.metadata.recordedAt);
        expect((await store.readStream(s, { recordedAtOrBefore: asOf })).map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }]);
        expect(await store.readStream(s, { recordedAtOrBefore: new Date(Date.parse(all[0]!.metadata.recordedAt) - 1) })).toEqual([]);
        expect((await store.readStream(s, { direction: 'backwards', recordedAtOrBefore: asOf, maxCount: 1 }))[0]!.revision).toBe(1);
      });
    });

    describe('reading all events', () => {
      it('returns events in increasing position order, in batches, each once', async () => {
        const before = await store.headPosition();
        const streams = [uniqueStream(), uniqueStream(), uniqueStream()];
        for (let i = 0; i < 12; i++) await store.append(streams[i % 3]!, [counted(i)], 'any');
        const events = await readAllOf(store, before, new Set(streams), 5, 12);
        expect(events.map((e) => (e.data as { n: number }).n)).toEqual([...Array(12).keys()]);
        for (let i = 1; i < events.length; i++) expect(Position.compare(events[i - 1]!.position, events[i]!.position)).toBe(-1);
        expect(Position.compare(await store.headPosition(), events.at(-1)!.position)).toBeGreaterThanOrEqual(0);
      });
    });

    describe('counting events for lag figures', () => {
      it('counts visible events after a position, up to the cap', async () => {
        if (!store.countEventsAfter) return; // optional: engines that cannot count cheaply leave it out
        const s = uniqueStream();
        const first = await store.append(s, [counted(0)], 'no_stream');
        const last = await store.append(s, countedBatch(1, 4), 0);
        await waitUntilVisible(store, last.position);
        expect(await store.countEventsAfter(first.position, 1_000_000)).toBeGreaterThanOrEqual(4);
        expect(await store.countEventsAfter(first.position, 2)).toBe(2);
        const atHead = await store.headPosition();
        expect(await store.countEventsAfter(atHead, 100)).toBe(0);
      });
    });

    describe('bad input', () => {
      // The attempted append targets `stream` only, so an empty stream proves nothing was written. (The
      // global head is no witness: events appended earlier may become visible at any moment.)
      async function expectNothingWritten(stream: string, attempt: () => Promise<unknown>, errorType: unknown) {
        await expect(attempt()).rejects.toBeInstanceOf(errorType);
        expect(await store.streamHead(stream)).toBeNull();
        expect(await store.readStream(stream)).toEqual([]);
      }

      it.each(['', 'no-category-x'.toUpperCase(), 'order', 'order-', 'order-has space', '-x', `order-${'x'.repeat(300)}`, 42])(
        'rejects the malformed stream id %p',
        async (bad) => {
          await expect(store.append(bad as string, [counted(1)], 'any')).rejects.toBeInstanceOf(InvalidStreamIdError);
          await expect(store.readStream(bad as string)).rejects.toBeInstanceOf(InvalidStreamIdError);
        },
      );

      it.each([-1, 1.5, '3', null, 'latest', Number.NaN])('rejects the expected revision %p and writes nothing', async (bad) => {
        const stream = uniqueStream();
        await expectNothingWritten(stream, () => store.append(stream, [counted(1)], bad as ExpectedRevision), InvalidRevisionError);
      });

      it('rejects a malformed read revision', async () => {
        await expect(store.readStream(uniqueStream(), { fromRevision: -2 })).rejects.toBeInstanceOf(InvalidRevisionError);
      });

      it('rejects a payload that breaks its schema, naming the type, the field and the reason, and writes nothing', async () => {
        const stream = uniqueStream();
        const error = await store.append(stream, [counted(1), counted(-5)], 'any').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TestPayloadError);
        expect((error as Error).message).toBe('Counted is invalid: n: must be a non-negative integer (got -5)');
        await expectNothingWritten(stream, () => store.append(stream, [counted(1), counted(-5)], 'any'), TestPayloadError);
      });

      it.each([
        ['a non-UUID event id', { eventId: 'abc' }, 'events[0].eventId'],
        ['a missing correlation id', { metadata: { ...counted(1).metadata, correlationId: '' } }, 'events[0].metadata.correlationId'],
        ['an occurredAt that is not ISO-8601', { metadata: { ...counted(1).metadata, occurredAt: 'yesterday' } }, 'events[0].metadata.occurredAt'],
      ])('rejects %s and writes nothing', async (_name, override, field) => {
        const stream = uniqueStream();
        await expectNothingWritten(stream, () => store.append(stream, [counted(1, override as object)], 'any'), InvalidEventError);
        await expect(store.append(stream, [counted(1, override as object)], 'any')).rejects.toMatchObject({ field });
      });

      it('rejects an empty batch and a batch repeating an event id', async () => {
        const stream = uniqueStream();
        const e = counted(1);
        await expectNothingWritten(stream, () => store.append(stream, [], 'any'), InvalidEventError);
        await expectNothingWritten(stream, () => store.append(stream, [e, e], 'any'), InvalidEventError);
      });
    });

    describeConcurrencyContract(() => ({ store, harness: h }));
  });
}
