import type { DomainEvent } from '../../event-schemas';
import type { EventStore } from '../../platform/event-store/event-store.port';
import type { Logger } from '../../platform/logger';
import { observeBatch } from '../projection-metrics';
import type { Applier, Checkpoint } from './appliers';
import { BatchPuller } from './batch-puller';
import type { DeadLetters } from './dead-letters';
import { handledTypes, type ProjectedEvent, type Projection } from './projection';
import type { Generation, ProjectionRegistry } from './projection-registry';

export type OnError = 'stop' | 'skip';

export interface WorkerOptions {
  batchSize: number;
  /** Per projection, overriding its declared lingerMs (PROJECTION_LINGER_MS). */
  lingerMs?: Readonly<Record<string, number>>;
  /** What a handler failure does once retries are spent: stop the projection (default) or skip the event. */
  onError: OnError;
  /** Attempts per event before it is dead-lettered, with these pauses between them. */
  retryDelaysMs: number[];
}

export interface Lease {
  acquire(signal: AbortSignal): Promise<boolean>;
  onLost(callback: () => void): void;
  release(): Promise<void>;
}

export interface WorkerDeps {
  store: EventStore<DomainEvent>;
  registry: ProjectionRegistry;
  deadLetters: DeadLetters;
  lease(name: string): Lease;
  log: Logger;
}

/** Why a worker returned. */
export type WorkerExit = 'aborted' | 'stopped-on-dead-letter' | 'not-running' | 'gone' | 'lease-lost';

export interface BatchReport {
  checkpoint: Checkpoint;
  /** Nothing more is readable right now: the generation has applied everything committed so far. */
  caughtUp: boolean;
}

const TRANSIENT = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|connection timeout|terminating connection|the database system is (starting up|shutting down)/i;

/** Infrastructure trouble (the store is down) is waited out; anything else is the handler's fault. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && (code.startsWith('08') || code === '57P01' || code === '57P03' || code === '53300')) return true;
  return TRANSIENT.test(error instanceof Error ? error.message : String(error));
}

/**
 * A batch with no event of a handled type is not applied at all (no transaction, no write): the
 * checkpoint moves past it in memory and is written once the worker has been idle this long
 * (readers waiting for one of those positions wait about this much longer)...
 */
const IDLE_SAVE_MS = 50;
/** ...or, while catching up over events it does not handle, at least this often. */
const SAVE_EVERY_MS = 1000;

/** Whether `promise` settles (either way) within `ms`. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const settled = () => (clearTimeout(timer), resolve(true));
    promise.then(settled, settled);
  });
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Runs one generation of one projection: holds its lease (one active worker per generation,
 * standbys wait), subscribes from its checkpoint, and applies batches. A failing batch is replayed
 * event by event to find the event at fault, which is retried, then dead-lettered.
 */
export class GenerationWorker {
  constructor(
    private readonly deps: WorkerDeps,
    private readonly projection: Projection,
    private readonly generation: Generation,
    private readonly applier: Applier,
    private readonly options: WorkerOptions,
    private readonly onBatch?: (report: BatchReport) => Promise<void> | void,
  ) {}

  private get label() {
    return `${this.projection.name}:g${this.generation.generation}`;
  }

  async run(outer: AbortSignal): Promise<WorkerExit> {
    const log = this.deps.log;
    const lease = this.deps.lease(`projection:${this.label}`);
    if (!(await lease.acquire(outer))) return 'aborted';
    const inner = new AbortController();
    let leaseLost = false;
    const onAbort = () => inner.abort();
    outer.addEventListener('abort', onAbort, { once: true });
    if (outer.aborted) inner.abort(); // aborted while acquiring: the listener above never fires
    lease.onLost(() => ((leaseLost = true), inner.abort()));
    try {
      const current = await this.deps.registry.generation(this.projection.name, this.generation.generation);
      if (!current || current.phase === 'retired' || current.phase === 'dropped') return 'gone';
      if (current.state !== 'running') return 'not-running';
      await this.applier.ensureTarget();
      let checkpoint = await this.applier.loadCheckpoint();
      log.info('projection worker active', { projection: this.projection.name, generation: this.generation.generation, from: checkpoint.position });
      // Trusted: the store decodes only the types this projection handles (the rest arrive as bare
      // envelopes that only move the checkpoint), without validating current-version payloads again.
      const subscription = this.deps.store.subscribeToAll({ after: checkpoint.position, batchSize: this.options.batchSize, trusted: { types: [...handledTypes(this.projection)] } });
      inner.signal.addEventListener('abort', () => void subscription.stop(), { once: true });
      // Told to stop while preparing (ensureTarget, loadCheckpoint): the listener above never fires.
      if (inner.signal.aborted) await subscription.stop();
      const puller = new BatchPuller<ProjectedEvent>(subscription[Symbol.asyncIterator]() as AsyncIterator<ProjectedEvent>);
      if (subscription.caughtUp) await this.onBatch?.({ checkpoint, caughtUp: true });
      // A subscription turns caught-up before its first (empty) wait: report that moment too.
      const idle = setInterval(() => {
        if (puller.waiting && subscription.caughtUp) void this.onBatch?.({ checkpoint, caughtUp: true });
      }, 250);
      // Whether an operator paused or retired this generation: looked up at most every 250 ms, not
      // per batch, so catching up does not pay a registry read for every page (the supervisor,
      // polling each second, also stops workers that are no longer wanted).
      let lookedAt = Date.now();
      const handles = handledTypes(this.projection);
      const lingerMs = this.options.lingerMs?.[this.projection.name] ?? this.projection.lingerMs ?? 0;
      // Set while the checkpoint has moved past unhandled events in memory only: the time of the last one.
      let unsaved: Date | undefined;
      let savedAt = Date.now();
      const save = async () => {
        if (!unsaved) return;
        try {
          await this.applier.skip(checkpoint, unsaved);
        } catch (error) {
          log.warn('could not write the checkpoint; trying again later', { projection: this.label, error });
          return;
        }
        unsaved = undefined;
        savedAt = Date.now();
        await this.deps.registry.notifyProgress(this.projection.name).catch(() => undefined);
      };
      try {
        for (;;) {
          const pulling = puller.next(this.options.batchSize, lingerMs);
          if (unsaved && !(await settlesWithin(pulling, IDLE_SAVE_MS))) await save();
          const batch = await pulling;
          if (!batch || inner.signal.aborted) break;
          if (!batch.some((event) => handles.has(event.type))) {
            checkpoint = { position: batch.at(-1)!.position, sequence: checkpoint.sequence + batch.length };
            unsaved = new Date(batch.at(-1)!.metadata.recordedAt);
            if (Date.now() - savedAt >= SAVE_EVERY_MS) await save();
          } else {
            // Waiting readers are told after a batch that leaves nothing readable behind it; while
            // catching up (a full page came back, more follows at once) the notification is left
            // to the batch that ends the backlog, and their poll covers the time in between.
            const next = await this.applyWithRecovery(batch, checkpoint, inner.signal, !subscription.backlog);
            if (next === 'stopped') return 'stopped-on-dead-letter';
            if (next === 'aborted') break;
            // Written with the batch, and everything passed over before it with it.
            checkpoint = next;
            unsaved = undefined;
            savedAt = Date.now();
          }
          if (Date.now() - lookedAt >= 250) {
            lookedAt = Date.now();
            const now = await this.deps.registry.generation(this.projection.name, this.generation.generation);
            if (!now || now.phase === 'retired' || now.phase === 'dropped') return 'gone';
            if (now.state !== 'running') return 'not-running';
          }
          const caughtUp = subscription.caughtUp && puller.waiting;
          // Switching readers to a rebuilt generation compares the positions in the registry.
          if (caughtUp && this.generation.phase === 'building') await save();
          await this.onBatch?.({ checkpoint, caughtUp });
        }
      } finally {
        clearInterval(idle);
        await subscription.stop();
        // However it ends, what was passed over need not be read again; not once another worker may hold the lease.
        if (!leaseLost) await save();
      }
      return leaseLost ? 'lease-lost' : 'aborted';
    } finally {
      outer.removeEventListener('abort', onAbort);
      await lease.release();
    }
  }

  private async applyWithRecovery(batch: ProjectedEvent[], from: Checkpoint, signal: AbortSignal, announce: boolean): Promise<Checkpoint | 'stopped' | 'aborted'> {
    try {
      return await observeBatch(this.projection.name, batch, () => this.applier.apply(batch, from, announce));
    } catch (error) {
      if (batch.length > 1) this.deps.log.warn('batch failed; applying its events one by one to find the one at fault', { projection: this.label, error });
    }
    let checkpoint = from;
    for (const event of batch) {
      for (let attempt = 1; ; attempt++) {
        if (signal.aborted) return 'aborted';
        try {
          checkpoint = await this.applier.apply([event], checkpoint);
          break;
        } catch (error) {
          if (isTransient(error)) {
            this.deps.log.warn('store unavailable; retrying', { projection: this.label, error });
            await sleep(Math.min(5000, 200 * attempt), signal);
            attempt = 0;
            continue;
          }
          if (attempt <= this.options.retryDelaysMs.length) {
            await sleep(this.options.retryDelaysMs[attempt - 1]!, signal);
            continue;
          }
          const outcome = await this.deadLetter(event, error, attempt, checkpoint);
          if (outcome === 'stopped') return outcome;
          checkpoint = outcome; // skipped: the rest of the batch still has to be applied
          break;
        }
      }
    }
    if (announce) await this.deps.registry.notifyProgress(this.projection.name).catch(() => undefined);
    return checkpoint;
  }

  private async deadLetter(event: ProjectedEvent, error: unknown, attempts: number, at: Checkpoint): Promise<Checkpoint | 'stopped'> {
    const { registry, deadLetters } = this.deps;
    const log = this.deps.log.with({ correlationId: event.metadata.correlationId, causationId: event.metadata.causationId });
    const fields = { projection: this.label, eventId: event.eventId, type: event.type, position: event.position, error };
    if (this.options.onError === 'skip') {
      await deadLetters.record(this.projection.name, this.generation.generation, event, error, attempts, 'skipped');
      const past = { position: event.position, sequence: at.sequence + 1 };
      await this.applier.skip(past, new Date(event.metadata.recordedAt));
      log.error('projection handler failed; event dead-lettered and skipped', fields);
      return past;
    }
    await deadLetters.record(this.projection.name, this.generation.generation, event, error, attempts, 'pending');
    const message = `${event.type} ${event.eventId} at ${event.position}: ${error instanceof Error ? error.message : String(error)}`;
    await registry.setState(this.generation, 'stopped', message);
    log.error('projection handler failed; projection stopped on a dead letter', fields);
    return 'stopped';
  }
}
