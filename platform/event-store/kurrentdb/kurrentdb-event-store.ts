import {
  BACKWARDS,
  END,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  WrongExpectedVersionError,
  type JSONType,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { createLogger, type Logger } from '../../logger';
import { EventStoreUnavailableError, IdempotencyConflictError } from '../errors';
import type {
  AppendResult,
  EventCodec,
  EventShape,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamHead,
  StreamRevision,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { sleep } from '../catch-up-subscription';
import { Position } from '../position';
import { rawCodec } from '../raw-codec';
import { assertExpectedRevision, assertNewEvents, assertReadStreamOptions, assertStreamId } from '../validation';
import { describeBatch, describeClaim, EventIdIndex, isSameBatch, readEvents, type Batch } from './event-id-index';
import {
  chainBatch, checkExpected, decodeEvent, decodeMetadata, DOMAIN_STREAMS, encodeEvents, encodeMetadata,
  toPosition, toRevision, toWrongExpectedRevision, translateError, type EncodedEvent,
} from './kurrentdb-mapping';
import { lastDomainPosition, readAllAfter, readStreamRange } from './kurrentdb-reads';
import { KurrentDbSubscription } from './kurrentdb-subscription';

export interface KurrentDbEventStoreOptions {
  /** e.g. kurrentdb://admin:changeit@localhost:2113 or kurrentdb://localhost:2113?tls=false */
  connectionString: string;
  codec?: EventCodec;
  log?: Logger;
  /** A client to share; the store then leaves disposing it to its owner. */
  client?: KurrentDBClient;
}

/** Attempts for an 'any' / 'stream_exists' append that keeps losing the race for the stream's head. */
const MAX_APPEND_ATTEMPTS = 20;

type Outcome = AppendResult | 'retry';

export class KurrentDbEventStore<E extends EventShape = EventShape> implements EventStore<E> {
  readonly client: KurrentDBClient;
  private readonly ownsClient: boolean;
  private readonly codec: EventCodec;
  private readonly log: Logger;
  private readonly index: EventIdIndex;
  private readonly subscriptions = new Set<KurrentDbSubscription<E>>();

  constructor(options: KurrentDbEventStoreOptions) {
    this.client = options.client ?? KurrentDBClient.connectionString(options.connectionString);
    this.ownsClient = !options.client;
    this.codec = options.codec ?? rawCodec;
    this.log = options.log ?? createLogger('kurrentdb');
    this.index = new EventIdIndex(this.client);
  }

  /** Constructs and makes one read, so a wrong URL or credentials fail at start rather than at the first command. */
  static async connect<E extends EventShape = EventShape>(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore<E>> {
    const store = new KurrentDbEventStore<E>(options);
    await store.headPosition().catch(async (error: unknown) => {
      await store.close();
      throw error;
    });
    return store;
  }

  /**
   * The hash chain needs the previous event's hash, so an append reads the head, computes the
   * links and appends expecting exactly that head. Losing that race is the caller's conflict when
   * it asked for an exact revision or 'no_stream'; for 'any' and 'stream_exists' it re-reads and
   * tries again (bounded, with jitter).
   */
  async append(streamId: string, events: NewEvent<E>[], expected: ExpectedRevision): Promise<AppendResult> {
    assertStreamId(streamId);
    assertExpectedRevision(expected);
    assertNewEvents(events);
    const encoded = encodeEvents(events, this.codec);
    const batch = describeBatch(events.map((e) => e.eventId));
    for (let attempt = 1; ; attempt++) {
      let outcome: Outcome;
      try {
        outcome = await this.tryAppend(streamId, encoded, batch, expected);
      } catch (error) {
        throw translateError(error, `appending to ${streamId}`);
      }
      if (outcome !== 'retry') return outcome;
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        throw new EventStoreUnavailableError(`Gave up appending to ${streamId} after ${attempt} attempts: other writers kept moving its head; retry later or append with an exact expected revision`);
      }
      await sleep(Math.random() * Math.min(5 * 2 ** attempt, 250));
    }
  }

  private async tryAppend(streamId: string, encoded: EncodedEvent[], batch: Batch, expected: ExpectedRevision): Promise<Outcome> {
    const head = await this.lastEvent(streamId);
    const headRevision = head ? toRevision(head.revision) : -1;
    const claim = await this.index.read(batch.firstId);
    let claimIt = true;
    if (claim) {
      const state = await this.index.state(claim, batch.firstId);
      const same = isSameBatch(claim, streamId, batch);
      if (state === 'written' && same) return this.resultAt(streamId, claim.afterRevision + batch.count, false);
      if (state !== 'stale' && !same) throw new IdempotencyConflictError(streamId, batch.firstId, describeClaim(claim, state));
      if (state === 'pending') {
        // The original append is in flight (or its writer died) and passed its own expectation
        // check: finish it with the same expected revision and ids, which KurrentDB deduplicates,
        // and leave reporting `appended` to the claimant, as Postgres returns the original result.
        if (claim.afterRevision !== headRevision) return 'retry';
        claimIt = false;
      }
    }
    if (claimIt) {
      checkExpected(streamId, expected, headRevision);
      if (!(await this.index.claim(batch, streamId, headRevision, claim))) return 'retry';
    }
    const links = chainBatch(streamId, head ? { revision: headRevision, hash: decodeMetadata(head.metadata, `Head of ${streamId}`).hash } : null, encoded);
    const data = encoded.map((event, i) =>
      jsonEvent({
        id: event.eventId,
        type: event.type,
        data: event.data as JSONType,
        metadata: encodeMetadata(event.metadata, event.schemaVersion, links[i]!.hash, links[i]!.previousHash) as unknown as JSONType,
      }),
    );
    try {
      await this.client.appendToStream(streamId, data, { streamState: headRevision < 0 ? NO_STREAM : BigInt(headRevision), requiresLeader: true });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (expected === 'any' || expected === 'stream_exists') return 'retry';
      throw toWrongExpectedRevision(streamId, expected, error);
    }
    return this.resultAt(streamId, headRevision + batch.count, claimIt);
  }

  /** The append's own response position may not be the last event's $all position, so read it back. */
  private async resultAt(streamId: string, revision: StreamRevision, appended: boolean): Promise<AppendResult> {
    const [event] = await readEvents(this.client, streamId, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1, requiresLeader: true });
    if (!event?.position) throw new EventStoreUnavailableError(`${streamId}@${revision} was appended but could not be read back from the leader; retry the append (it is idempotent)`);
    return { streamId, nextRevision: revision, position: toPosition(event.position), appended };
  }

  private async lastEvent(streamId: string): Promise<KurrentRecordedEvent | undefined> {
    const [event] = await readEvents(this.client, streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1, requiresLeader: true });
    return event;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent<E>[]> {
    assertStreamId(streamId);
    assertReadStreamOptions(options);
    return this.translated(`reading ${streamId}`, () => readStreamRange<E>(this.client, this.codec, streamId, options));
  }

  async streamHead(streamId: string): Promise<StreamHead | null> {
    assertStreamId(streamId);
    return this.translated(`reading the head of ${streamId}`, async () => {
      const head = await this.lastEvent(streamId);
      if (!head) return null;
      const { hash } = decodeMetadata(head.metadata, `Head of ${streamId}`);
      if (!head.position) throw new Error(`Head of ${streamId} came without a position; KurrentDB 22.6 or later is required`);
      return { revision: toRevision(head.revision), hash, position: toPosition(head.position) };
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent<E>[]> {
    const after = Position.parse(options.after ?? Position.START);
    return this.translated('reading $all', () => readAllAfter<E>(this.client, this.codec, after, options.maxCount ?? 1000));
  }

  async headPosition(): Promise<Position> {
    return this.translated('reading the head of $all', () => lastDomainPosition(this.client));
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription<E> {
    const after = options.after === undefined ? undefined : Position.parse(options.after);
    const subscription: KurrentDbSubscription<E> = new KurrentDbSubscription<E>(
      {
        open: (from) => this.client.subscribeToAll({ fromPosition: from, filter: DOMAIN_STREAMS }),
        decode: (event) => decodeEvent<E>(event, this.codec),
        headPosition: () => this.headPosition(),
      },
      { ...options, after },
      this.log,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  private async translated<T>(doing: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw translateError(error, doing);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    if (this.ownsClient) await this.client.dispose();
  }
}
