import { WrongExpectedRevisionError } from '../../platform/event-store/errors';
import type { EventShape, EventStore, NewEvent, RecordedEvent } from '../../platform/event-store/event-store.port';
import type { Position } from '../../platform/event-store/position';
import { deterministicUuid } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { SnapshotStore } from '../../platform/snapshots/snapshot-store';
import type { CommandContext } from './command-context';
import type { Decider } from './decider';
import { trimOldest } from '../../platform/lru';

/** What every accepted command answers: the stream it addressed, its new revision and the append's position. */
export interface CommandResult {
  id: string;
  revision: number;
  /** Global position of the append (or of the stream's head when the command changed nothing). */
  position: Position | null;
  /** Events this command appended; empty when it was already done. */
  events: number;
}

/** The client's If-Match revision no longer matches the stream. */
export class PreconditionFailedError extends Error {
  readonly code = 'PRECONDITION_FAILED';
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number | null,
  ) {
    super(`${streamId} is at revision ${actual ?? 'none'}, not ${expected} as If-Match says; reload it and retry`);
    this.name = 'PreconditionFailedError';
  }
}

/** Lost the race for the stream more times than the retry budget allows. */
export class ConcurrencyConflictError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly actual: number | 'no_stream',
  ) {
    super(`${streamId} kept changing while this command was decided (now at revision ${String(actual)}); retry the request`);
    this.name = 'ConcurrencyConflictError';
  }
}

export interface HandleOptions {
  /** If-Match: the revision the client last saw; no retry on a conflict when set. */
  expectedRevision?: number;
  /**
   * The stream should not exist yet (its id was just derived from the command's id): decide on the
   * decider's initial state without reading. If it does exist, the append's no-stream check fails
   * (or, for a repeat of this very command, finds its events) and the command is decided again on
   * a fresh read, as for any kept state.
   */
  assumeNew?: boolean;
}

export interface StreamHandlerOptions {
  snapshotEvery: number;
  maxAttempts: number;
  /**
   * Stream categories that live long enough to need snapshots (a SKU's stock lives for years; an
   * order's streams end within days at a few dozen events, where looking a snapshot up costs more
   * than it saves).
   */
  snapshotCategories: ReadonlySet<string>;
  /**
   * Streams whose last state is kept in memory (least recently used go first). Commands on one
   * stream already run one at a time in this process, so the next command decides on the kept
   * state and appends expecting its revision: if another process appended meanwhile, the append
   * fails, the entry is dropped and the stream is read again. 0 turns the cache off.
   */
  cachedStreams: number;
}

const DEFAULT_OPTIONS: StreamHandlerOptions = {
  snapshotEvery: 200,
  maxAttempts: 8,
  snapshotCategories: new Set(['stock', 'product', 'customer']),
  cachedStreams: 10_000,
};
/** A kept state is only valid for the decider (and state shape) that folded it. */
function cacheVersion(decider: { category: string; snapshotVersion: number }): string {
  return `${decider.category}:${decider.snapshotVersion}`;
}

/** Event ids remembered per cached stream, to recognise a repeated command without reading. */
const SEEN_PER_STREAM = 1_000;

interface Loaded<S> {
  state: S;
  revision: number;
  head: Position | null;
  hash: string | null;
  /** Where each event read while loading landed, by event id: recognises a command applied already. */
  seen: Map<string, { revision: number; position: Position }>;
}

/**
 * Load (snapshot + newer events), decide, append with the revision that was read. On a
 * concurrent append the command is decided again on the new state, a few times, since most
 * conflicts (two reservations on one SKU) are not real clashes.
 */
export class StreamHandler {
  /** Tail of the queue of commands per stream in this process. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly cache = new Map<string, { version: string; loaded: Loaded<unknown> }>();

  constructor(
    private readonly store: EventStore,
    private readonly snapshots: SnapshotStore | undefined,
    private readonly log: Logger,
    private readonly options: StreamHandlerOptions = DEFAULT_OPTIONS,
  ) {}

  /**
   * Reads the stream as it is now (snapshot + newer events). What it read is kept, so a command
   * handled right after a load (a payment decided around a gateway call) does not read it again.
   */
  async load<S, E extends EventShape>(decider: Decider<S, E>, streamId: string): Promise<Loaded<S>> {
    let state = decider.initialState;
    let revision = -1;
    let head: Position | null = null;
    let hash: string | null = null;
    const seen = new Map<string, { revision: number; position: Position }>();
    const snapshots = this.options.snapshotCategories.has(decider.category) ? this.snapshots : undefined;
    const snapshot = await snapshots?.load(streamId, decider.snapshotVersion);
    let from = 0;
    if (snapshot) {
      // Read from the snapshot's own event too: its hash proves the snapshot belongs to this stream's history.
      const [anchor] = await this.store.readStream(streamId, { fromRevision: snapshot.revision, maxCount: 1 });
      if (anchor && anchor.metadata.hash === snapshot.eventHash) {
        state = snapshot.state as S;
        revision = snapshot.revision;
        head = anchor.position;
        hash = anchor.metadata.hash;
        seen.set(anchor.eventId, { revision: anchor.revision, position: anchor.position });
        from = snapshot.revision + 1;
      } else {
        this.log.warn('ignoring a snapshot that does not match its stream', { streamId, revision: snapshot.revision });
      }
    }
    const events = (await this.store.readStream(streamId, { fromRevision: from })) as RecordedEvent<E>[];
    for (const event of events) {
      state = decider.evolve(state, event);
      revision = event.revision;
      head = event.position;
      hash = event.metadata.hash;
      seen.set(event.eventId, { revision: event.revision, position: event.position });
    }
    const loaded = { state, revision, head, hash, seen };
    this.remember(streamId, cacheVersion(decider), loaded);
    return loaded;
  }

  /**
   * The state this process last knew for the stream, reading it only when nothing is kept. It may
   * be stale if another process appended since; a command decided on it through handle() then
   * conflicts on append and is decided again on a fresh read, so use it only to prepare a command
   * (a process manager whose stream only it writes), never to answer a client.
   */
  async current<S, E extends EventShape>(decider: Decider<S, E>, streamId: string): Promise<Loaded<S>> {
    return this.cached<S>(streamId, cacheVersion(decider)) ?? this.load(decider, streamId);
  }

  async handle<S, E extends EventShape>(
    decider: Decider<S, E>,
    id: string,
    decide: (state: S) => E[],
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandResult> {
    const streamId = `${decider.category}-${id}`;
    return this.serialised(streamId, () => this.decideAndAppend(decider, streamId, id, decide, context, options));
  }

  /**
   * One command at a time per stream in this process: a hot stream (one SKU many orders reserve)
   * would otherwise make concurrent commands lose the optimistic race over and over. Conflicts
   * remain possible between processes, and are retried below.
   */
  private serialised<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(streamId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(streamId, tail);
    void tail.then(() => {
      if (this.queues.get(streamId) === tail) this.queues.delete(streamId);
    });
    return next;
  }

  private async decideAndAppend<S, E extends EventShape>(
    decider: Decider<S, E>,
    streamId: string,
    id: string,
    decide: (state: S) => E[],
    context: CommandContext,
    options: HandleOptions,
  ): Promise<CommandResult> {
    const version = cacheVersion(decider);
    for (let attempt = 1; ; attempt++) {
      // If-Match compares with the stream as it is now, so it always reads.
      const cached = attempt === 1 && options.expectedRevision === undefined ? (this.cached<S>(streamId, version) ?? this.assumed(decider, options)) : undefined;
      const loaded = cached ?? (await this.load(decider, streamId));
      this.cache.delete(streamId);
      if (options.expectedRevision !== undefined && options.expectedRevision !== loaded.revision) {
        throw new PreconditionFailedError(streamId, options.expectedRevision, loaded.revision < 0 ? null : loaded.revision);
      }
      const applied = this.alreadyApplied(loaded, context.commandId);
      if (applied) {
        // Nothing changed, so what was loaded (or kept) is still the stream's last known state.
        this.remember(streamId, version, loaded);
        return { id, ...applied, events: 0 };
      }
      let decided: E[];
      try {
        decided = decide(loaded.state);
      } catch (error) {
        // A refusal appends nothing, so nothing would expose a stale cached state: confirm that the
        // stream is still where the cached state says, or decide again on a fresh read.
        if (cached && !(await this.isCurrent(streamId, loaded))) continue;
        throw error;
      }
      if (decided.length === 0 && cached && !(await this.isCurrent(streamId, loaded))) continue;
      if (decided.length === 0) {
        this.remember(streamId, version, loaded);
        return { id, revision: loaded.revision, position: loaded.head, events: 0 };
      }
      const events: NewEvent<E>[] = decided.map((event, i) => ({
        ...event,
        eventId: deterministicUuid(`${context.commandId}:${i}`),
        metadata: {
          correlationId: context.correlationId,
          causationId: context.causationId,
          actor: context.actor,
          occurredAt: context.now,
          ...(context.traceparent ? { traceparent: context.traceparent } : {}),
        },
      }));
      try {
        const result = await this.store.append(streamId, events, loaded.revision < 0 ? 'no_stream' : loaded.revision);
        if (result.appended) {
          this.maybeSnapshot(decider, streamId, loaded, decided, result.nextRevision);
          this.remember(streamId, version, this.advance(decider, loaded, decided, events, result.nextRevision, result.position));
        }
        return { id, revision: result.nextRevision, position: result.position, events: result.appended ? events.length : 0 };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (options.expectedRevision !== undefined) {
          throw new PreconditionFailedError(streamId, options.expectedRevision, error.actual === 'no_stream' ? null : error.actual);
        }
        if (attempt >= this.options.maxAttempts) throw new ConcurrencyConflictError(streamId, error.actual);
        await new Promise((r) => setTimeout(r, Math.random() * 3 * attempt));
      }
    }
  }

  /**
   * Whether the stream still ends at the revision a kept (or assumed) state was folded to, asked
   * after the decision: then that state is exactly what a fresh read would fold, at the cost of
   * one head lookup (which the store batches) instead of reading and decoding the stream.
   */
  private async isCurrent<S>(streamId: string, loaded: Loaded<S>): Promise<boolean> {
    const head = await this.store.streamHead(streamId);
    return (head?.revision ?? -1) === loaded.revision;
  }

  /**
   * Keeps the state a stream has after `event`, seen elsewhere (a subscription), when this process
   * knows nothing newer: the event starts the stream, or directly follows the kept state. Such a
   * state is used like any kept one: a command decided on it appends expecting its revision, so an
   * event this process has not seen fails the append and the stream is read again.
   */
  follow<S, E extends EventShape>(decider: Decider<S, E>, event: RecordedEvent<E>): void {
    if (this.options.cachedStreams <= 0) return;
    const { streamId } = event;
    // A command running on the stream keeps what it appends: leave the cache to it.
    if (this.queues.has(streamId)) return;
    const version = cacheVersion(decider);
    const kept = this.cached<S>(streamId, version);
    if (kept ? kept.revision !== event.revision - 1 : event.revision !== 0) return;
    const seen = kept?.seen ?? new Map<string, { revision: number; position: Position }>();
    seen.set(event.eventId, { revision: event.revision, position: event.position });
    const state = decider.evolve(kept?.state ?? decider.initialState, event);
    this.remember(streamId, version, { state, revision: event.revision, head: event.position, hash: event.metadata.hash, seen });
  }

  /** The last state this process knows for the stream, without reading; undefined if none is kept. */
  kept<S, E extends EventShape>(decider: Decider<S, E>, streamId: string): Loaded<S> | undefined {
    return this.cached<S>(streamId, cacheVersion(decider));
  }

  private assumed<S, E extends EventShape>(decider: Decider<S, E>, options: HandleOptions): Loaded<S> | undefined {
    return options.assumeNew ? { state: decider.initialState, revision: -1, head: null, hash: null, seen: new Map() } : undefined;
  }

  private cached<S>(streamId: string, version: string): Loaded<S> | undefined {
    const entry = this.cache.get(streamId);
    return entry && entry.version === version ? (entry.loaded as Loaded<S>) : undefined;
  }

  private remember<S>(streamId: string, version: string, loaded: Loaded<S>): void {
    if (this.options.cachedStreams <= 0) return;
    this.cache.delete(streamId);
    this.cache.set(streamId, { version, loaded });
    trimOldest(this.cache, this.options.cachedStreams);
  }

  /** The loaded stream with the appended events folded in: what a fresh read would now return. */
  private advance<S, E extends EventShape>(decider: Decider<S, E>, loaded: Loaded<S>, decided: E[], events: NewEvent<E>[], revision: number, position: Position): Loaded<S> {
    let state = loaded.state;
    for (const event of decided) state = decider.evolve(state, event);
    // What was loaded is superseded by this, so its ids are carried over rather than copied (a
    // hot stream keeps a thousand); an id in it always names an event that is in the stream.
    const { seen } = loaded;
    events.forEach((event, i) => seen.set(event.eventId, { revision: revision - events.length + 1 + i, position }));
    trimOldest(seen, SEEN_PER_STREAM);
    return { state, revision, head: position, hash: null, seen };
  }

  /**
   * A command's events have ids derived from its id, so a repeat of a command that already went
   * through (a redelivery, or a client retry racing the original) finds them in the stream and gets
   * the original result instead of being decided again against the state it produced.
   */
  private alreadyApplied<S>(loaded: Loaded<S>, commandId: string): { revision: number; position: Position } | undefined {
    let last: { revision: number; position: Position } | undefined;
    for (let i = 0; ; i++) {
      const found = loaded.seen.get(deterministicUuid(`${commandId}:${i}`));
      if (!found) return last;
      last = found;
    }
  }

  /** Saves a snapshot when the append crossed a multiple of snapshotEvery; never delays the command. */
  private maybeSnapshot<S, E extends EventShape>(decider: Decider<S, E>, streamId: string, loaded: Loaded<S>, decided: E[], newRevision: number): void {
    if (!this.snapshots || !this.options.snapshotCategories.has(decider.category)) return;
    const every = this.options.snapshotEvery;
    if (Math.floor(newRevision / every) === Math.floor(Math.max(loaded.revision, 0) / every) && loaded.revision >= 0) return;
    const snapshots = this.snapshots;
    void (async () => {
      let state = loaded.state;
      for (const e of decided) state = decider.evolve(state, e);
      const [last] = await this.store.readStream(streamId, { fromRevision: newRevision, maxCount: 1 });
      if (!last) return;
      await snapshots.save({ streamId, snapshotVersion: decider.snapshotVersion, revision: newRevision, eventHash: last.metadata.hash, state });
    })().catch((error) => this.log.warn('saving a snapshot failed; the next command folds from the events', { streamId, error }));
  }
}
