import { createHash, randomUUID } from 'node:crypto';
import {
  AccessDeniedError,
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { checkLink } from '../chain-verifier';
import { EventStoreUnavailableError, InvalidEventError, WrongExpectedRevisionError } from '../errors';
import type { EventCodec, EventMetadata, ExpectedRevision } from '../event-store.port';
import { contentDigest, GENESIS_HASH } from '../hash-chain';
import { Position } from '../position';
import { rawCodec } from '../raw-codec';
import { describeBatch, describeClaim, isSameBatch, type Claim } from './event-id-index';
import {
  chainBatch, checkExpected, decodeEvent, decodeMetadata, DOMAIN_STREAMS, encodeEvents, encodeMetadata, isDomainEvent,
  toActual, toPosition, toReadPosition, toRevision, toStreamState, toWrongExpectedRevision, translateError,
} from './kurrentdb-mapping';

const metadata: EventMetadata = { correlationId: 'order-42', causationId: 'cmd-9', actor: { subject: 'cust-1', role: 'customer' }, occurredAt: '2026-02-03T04:05:06.789Z' };
const newEvent = (n: number, type = 'Counted') => ({ eventId: randomUUID(), type, data: { n }, metadata });

describe('KurrentDB positions', () => {
  it('encodes { commit, prepare } as a token and reads it back for the next read', () => {
    const token = toPosition({ commit: 1_056n, prepare: 1_024n });
    expect(token).toBe('0000000000000420' + '0000000000000400');
    expect(toReadPosition(token)).toEqual({ commit: 1_056n, prepare: 1_024n });
  });

  it('orders tokens like KurrentDB orders positions: by commit, then prepare, up to 2^64 - 1', () => {
    const pairs: [bigint, bigint][] = [[0n, 5n], [1n, 0n], [1n, 1n], [255n, 9n], [256n, 0n], [2n ** 63n, 0n], [2n ** 64n - 1n, 2n ** 64n - 1n]];
    const tokens = pairs.map(([commit, prepare]) => toPosition({ commit, prepare }));
    expect([...tokens].reverse().sort()).toEqual(tokens);
    for (let i = 1; i < tokens.length; i++) expect(Position.compare(tokens[i - 1]!, tokens[i]!)).toBe(-1);
  });

  it("starts a read after Position.START at KurrentDB's start and rejects a malformed token", () => {
    expect(toReadPosition(Position.START)).toBe(START);
    expect(() => toReadPosition('not-a-position' as Position)).toThrow(/Invalid position/);
  });

  it('maps bigint revisions to numbers and refuses ones a number cannot hold', () => {
    expect(toRevision(41n)).toBe(41);
    expect(() => toRevision(2n ** 53n)).toThrow(/does not fit/);
  });
});

describe('expected revisions', () => {
  it.each<[ExpectedRevision, unknown]>([['any', ANY], ['no_stream', NO_STREAM], ['stream_exists', STREAM_EXISTS], [0, 0n], [17, 17n]])('maps %p to %p', (ours, theirs) => {
    expect(toStreamState(ours)).toBe(theirs);
  });

  it.each<[ExpectedRevision, number, boolean]>([
    ['any', -1, true], ['any', 3, true], ['no_stream', -1, true], ['no_stream', 0, false],
    ['stream_exists', -1, false], ['stream_exists', 2, true], [2, 2, true], [1, 2, false], [0, -1, false],
  ])('checks %p against a head at %p (ok: %p)', (expected, head, ok) => {
    const check = () => checkExpected('order-1', expected, head);
    if (ok) return expect(check).not.toThrow();
    expect(check).toThrow(WrongExpectedRevisionError);
    expect(() => check()).toThrow(expect.objectContaining({ streamId: 'order-1', expected, actual: head < 0 ? 'no_stream' : head }));
  });
});

describe('error translation', () => {
  it("turns the client's WrongExpectedVersionError into ours with the actual revision", () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 'order-1', expected: 4n, current: 5n });
    expect(toWrongExpectedRevision('order-1', 4, conflict)).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: 'order-1', expected: 4, actual: 5 });
    const missing = new WrongExpectedVersionError(undefined, { streamName: 'order-1', expected: STREAM_EXISTS, current: NO_STREAM });
    expect(toWrongExpectedRevision('order-1', 0, missing)).toMatchObject({ expected: 0, actual: 'no_stream' });
    expect(toActual(NO_STREAM)).toBe('no_stream');
  });

  it('reports an unreachable or refusing server as EventStoreUnavailableError, keeping the cause', () => {
    const down = new UnavailableError(undefined, 'connect ECONNREFUSED');
    const translated = translateError(down, 'reading order-1') as EventStoreUnavailableError;
    expect(translated).toBeInstanceOf(EventStoreUnavailableError);
    expect(translated.message).toMatch(/reading order-1: connect ECONNREFUSED; check KURRENTDB_URL/);
    expect(translated.cause).toBe(down);
    expect(translateError(new AccessDeniedError(undefined, 'denied'), 'reading $all')).toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE', message: expect.stringMatching(/access to \$all/) });
  });

  it('passes our own errors and anything unrecognised through unchanged', () => {
    const ours = new WrongExpectedRevisionError('order-1', 0, 1);
    const notFound = new StreamNotFoundError(undefined, 'order-1');
    const bug = new TypeError('x is undefined');
    for (const error of [ours, notFound, bug]) expect(translateError(error, 'appending')).toBe(error);
  });
});

describe('event metadata', () => {
  it("stores the caller's metadata with KurrentDB's $correlationId/$causationId and reads back exactly the caller's", () => {
    const traced = { ...metadata, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    const stored = encodeMetadata(traced, 3, 'h'.repeat(64), GENESIS_HASH);
    expect(stored).toMatchObject({ $correlationId: 'order-42', $causationId: 'cmd-9', schemaVersion: 3, hash: 'h'.repeat(64), previousHash: GENESIS_HASH });
    const decoded = decodeMetadata(JSON.parse(JSON.stringify(stored)), 'event');
    expect(decoded).toEqual({ metadata: traced, schemaVersion: 3, hash: 'h'.repeat(64), previousHash: GENESIS_HASH });
  });

  it('names the event and the fix when metadata was not written by this store', () => {
    expect(() => decodeMetadata({ correlationId: 'x' }, 'Event e1 at order-1@0')).toThrow(/Event e1 at order-1@0 was not written by this event store/);
    expect(() => decodeMetadata(undefined, 'Event e2')).toThrow(/lacks schemaVersion, hash and previousHash/);
  });
});

describe('encoding and the hash chain', () => {
  it('runs the codec, stores JSON exactly as it will read back, and refuses $-prefixed types', () => {
    const codec: EventCodec = { encode: (_t, data) => ({ schemaVersion: 2, data: { ...(data as object), at: new Date('2026-01-01T00:00:00Z'), gone: undefined } }), decode: rawCodec.decode };
    const [encoded] = encodeEvents([newEvent(1)], codec);
    expect(encoded).toMatchObject({ schemaVersion: 2, data: { n: 1, at: '2026-01-01T00:00:00.000Z' } });
    expect(encoded!.data).not.toHaveProperty('gone');
    expect(() => encodeEvents([newEvent(1), newEvent(2, '$metadata')], rawCodec)).toThrow(InvalidEventError);
    expect(() => encodeEvents([newEvent(1, '$>')], rawCodec)).toThrow(/events\[0\]\.type must not start with '\$'/);
  });

  it("chains a batch with the Postgres append function's formula, from genesis or from the head", () => {
    const events = encodeEvents([newEvent(0), newEvent(1), newEvent(2)], rawCodec);
    const sql = (prev: string, stream: string, revision: number, digest: string) => createHash('sha256').update(`${prev}\n${stream}\n${revision}\n${digest}`, 'utf8').digest('hex');
    let prev = GENESIS_HASH;
    const links = chainBatch('order-1', null, events);
    links.forEach((link, i) => {
      expect(link).toEqual({ revision: i, previousHash: prev, hash: sql(prev, 'order-1', i, contentDigest(events[i]!)) });
      prev = link.hash;
    });
    const next = chainBatch('order-1', { revision: 2, hash: prev }, encodeEvents([newEvent(3)], rawCodec));
    expect(next[0]).toMatchObject({ revision: 3, previousHash: prev });
  });

  it('decodes what KurrentDB returns into events the chain verifier accepts', () => {
    const upcast: EventCodec = { encode: rawCodec.encode, decode: (_t, v, data) => ({ schemaVersion: v + 1, data: { ...(data as object), v2: true } }) };
    const events = encodeEvents([newEvent(0), newEvent(1)], rawCodec);
    const links = chainBatch('order-1', null, events);
    const stored = events.map((e, i): KurrentRecordedEvent => ({
      streamId: 'order-1', id: e.eventId, isJson: true, revision: BigInt(i), type: e.type, created: new Date('2026-03-01T10:00:00.123Z'),
      data: e.data as Record<string, unknown>, metadata: JSON.parse(JSON.stringify(encodeMetadata(e.metadata, e.schemaVersion, links[i]!.hash, links[i]!.previousHash))),
      position: { commit: 900n + BigInt(i), prepare: 900n + BigInt(i) },
    }) as KurrentRecordedEvent);
    const [first, second] = stored.map((e) => decodeEvent(e, rawCodec));
    expect(first).toEqual({
      eventId: events[0]!.eventId, type: 'Counted', schemaVersion: 1, data: { n: 0 }, streamId: 'order-1', revision: 0, position: toPosition({ commit: 900n, prepare: 900n }),
      metadata: { ...metadata, recordedAt: '2026-03-01T10:00:00.123Z', hash: links[0]!.hash, previousHash: GENESIS_HASH },
    });
    expect(checkLink(first!, undefined)).toBeUndefined();
    expect(checkLink(second!, { revision: 0, hash: first!.metadata.hash, broken: false })).toBeUndefined();
    expect(decodeEvent(stored[0]!, upcast)).toMatchObject({ schemaVersion: 2, data: { n: 0, v2: true } });
    expect(() => decodeEvent({ ...stored[0]!, position: undefined } as KurrentRecordedEvent, rawCodec)).toThrow(/without a position/);
  });
});

describe('what $all reads deliver', () => {
  it('filters on the stream name server side and drops system and index events client side too', () => {
    expect(DOMAIN_STREAMS).toMatchObject({ filterOn: 'streamName', regex: '^[a-z]' });
    expect(isDomainEvent({ streamId: 'order-7f3c', type: 'OrderPlaced' })).toBe(true);
    for (const e of [{ streamId: '$ce-order', type: '$>' }, { streamId: '$projections-x-result', type: 'Result' }, { streamId: '_eventid-1', type: 'BatchClaimed' }, { streamId: 'order-1', type: '$>' }]) {
      expect(isDomainEvent(e)).toBe(false);
    }
  });
});

describe('event-id index claims', () => {
  const ids = [randomUUID().toUpperCase(), randomUUID()];
  const batch = describeBatch(ids);
  const claim: Claim = { claimRevision: 0n, streamId: 'order-1', afterRevision: 4, count: 2, eventIdsSha256: batch.eventIdsSha256 };

  it('identifies a batch by its ids in order, whatever their case', () => {
    expect(batch).toMatchObject({ firstId: ids[0]!.toLowerCase(), count: 2 });
    expect(describeBatch(ids.map((id) => id.toLowerCase()))).toEqual(batch);
    expect(describeBatch([...ids].reverse()).eventIdsSha256).not.toBe(batch.eventIdsSha256);
  });

  it('matches only the same batch in the same stream', () => {
    expect(isSameBatch(claim, 'order-1', batch)).toBe(true);
    expect(isSameBatch(claim, 'order-2', batch)).toBe(false);
    expect(isSameBatch(claim, 'order-1', describeBatch([ids[0]!]))).toBe(false);
  });

  it('says where the id went', () => {
    expect(describeClaim(claim, 'written')).toBe('in stream order-1 at revisions 5..6 by a different batch');
    expect(describeClaim(claim, 'pending')).toMatch(/unfinished append of 2 event\(s\) to order-1/);
  });
});
