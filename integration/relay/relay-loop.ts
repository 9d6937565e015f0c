import type { IntegrationEvent } from '../../event-schemas/integration';
import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';
import type { Logger } from '../../platform/logger';
import type { CheckpointStore } from '../../platform/processing/checkpoints';
import { Translator } from '../translation/translator';
import { Batches } from './batches';
import { retryUntilDone, StoppedError } from './retry';

/** "Only one active instance": the platform's AdvisoryLease. */
export interface Lease {
  acquire(signal: AbortSignal): Promise<boolean>;
  onLost(callback: () => void): void;
  release(): Promise<void>;
}

export interface RelayLoopOptions {
  /** Checkpoint name; one active loop per name (the lease is named after it too). */
  name: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  lease: Lease;
  /**
   * Hands over translated events in source order; resolves once they are safe (see
   * IntegrationPublisher). A rejection delivers the whole batch again; `signal` aborts on stop.
   */
  deliver(events: IntegrationEvent[], signal: AbortSignal): Promise<void>;
  /**
   * Which domain events this loop translates and delivers (all by default). Deciding before
   * translating means an event this loop does not want can never hold it up.
   */
  select?(event: RecordedEvent): boolean;
  log: Logger;
  batchSize?: number;
  retryDelaysMs?: readonly number[];
  /** How often a checkpoint is saved when only unpublished events went by. */
  idleCheckpointMs?: number;
}

/**
 * Subscribes to every domain event after its checkpoint, translates each into its integration
 * event, delivers them batch by batch, and saves the checkpoint only after a delivery succeeded:
 * a crash at any point re-delivers (never skips) the batch in flight, and a restart resumes there
 * rather than from the start. The lease makes one instance active; standbys take over on its
 * checkpoint when it dies.
 */
export class RelayLoop {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private handled: Position = Position.START;

  constructor(private readonly options: RelayLoopOptions) {}

  /** Position of the last event fully handed over by this instance. */
  get checkpoint(): Position {
    return this.handled;
  }

  /** Returns at once; the loop becomes active when it holds the lease. */
  start(): void {
    this.running ??= this.run().catch((error) => this.options.log.error('relay loop stopped on an error', { name: this.options.name, error }));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const { lease, log, name } = this.options;
    const outer = this.abort.signal;
    while (await lease.acquire(outer)) {
      const tenure = new AbortController();
      const end = () => tenure.abort();
      outer.addEventListener('abort', end, { once: true });
      if (outer.aborted) end();
      let lost = false;
      lease.onLost(() => ((lost = true), end()));
      try {
        await this.work(tenure.signal);
      } catch (error) {
        if (!(error instanceof StoppedError)) log.error('relay loop failed; standing by to start again', { name, error });
      } finally {
        outer.removeEventListener('abort', end);
        await lease.release();
      }
      if (outer.aborted) return;
      if (lost) log.warn('lost the lease (database connection ended): stopped, standing by to take over again', { name });
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private async work(signal: AbortSignal): Promise<void> {
    const { checkpoints, store, log, name } = this.options;
    const translator = new Translator(store);
    const retry = <T>(what: string, work: () => Promise<T>, fields?: Record<string, unknown>) =>
      retryUntilDone(work, { signal, log, what, fields: { name, ...fields }, delaysMs: this.options.retryDelaysMs });

    const from = await retry('loading the checkpoint', () => checkpoints.load(name));
    this.handled = from;
    let saved = from;
    let savedAt = Date.now();
    const subscription = store.subscribeToAll({ after: from, batchSize: this.options.batchSize ?? 500 });
    const stopSubscription = () => void subscription.stop();
    signal.addEventListener('abort', stopSubscription, { once: true });
    if (signal.aborted) await subscription.stop();
    log.info('relay active', { name, from });
    const save = async (position: Position) => {
      try {
        await checkpoints.save(name, position);
        saved = position;
        savedAt = Date.now();
      } catch (error) {
        // Not fatal: the next save covers it, and a crash before then only re-delivers.
        log.warn('saving the checkpoint failed; will save again after the next batch', { name, error });
      }
    };
    try {
      const batches = new Batches<RecordedEvent>(subscription[Symbol.asyncIterator]());
      for (;;) {
        const batch = await batches.next(this.options.batchSize ?? 500);
        if (!batch || signal.aborted) break;
        const messages: IntegrationEvent[] = [];
        for (const event of batch) {
          if (this.options.select && !this.options.select(event)) continue;
          const message = await retry('translating an event', () => translator.translate(event), { eventId: event.eventId, type: event.type, position: event.position });
          if (message) messages.push(message);
        }
        if (messages.length > 0) await retry('delivering integration events', () => this.options.deliver(messages, signal), { count: messages.length, first: messages[0]!.id });
        this.handled = batch.at(-1)!.position;
        if (messages.length > 0 || Date.now() - savedAt >= (this.options.idleCheckpointMs ?? 1000)) await save(this.handled);
      }
    } finally {
      signal.removeEventListener('abort', stopSubscription);
      await subscription.stop();
      if (this.handled > saved) await save(this.handled);
    }
  }
}
