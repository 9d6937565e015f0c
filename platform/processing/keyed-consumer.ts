import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port';
import { Position } from '../event-store/position';
import type { Logger } from '../logger';
import type { CheckpointStore } from './checkpoints';

export interface KeyedConsumerOptions {
  /** Checkpoint name; one consumer per name. */
  name: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  log: Logger;
  /**
   * The event types this consumer handles, when it is one of the platform's own processes reading
   * what the store validated on append: only these are decoded (SubscribeOptions.trusted), every
   * other event reaches keyOf as a bare envelope (no data) so the checkpoint can pass it. Unset:
   * every event is decoded and validated.
   */
  types?: readonly string[];
  /** The key events are serialised by (e.g. the order id); undefined = not for this consumer. */
  keyOf(event: RecordedEvent): string | undefined;
  /** Handles one event; throwing retries it (with backoff) until it succeeds. */
  handle(event: RecordedEvent, key: string): Promise<void>;
  /** Keys worked on at the same time. */
  concurrency?: number;
  checkpointEveryMs?: number;
}

interface Slot {
  position: Position;
  done: boolean;
}

const BACKOFF_MS = [50, 100, 250, 500, 1000, 2000, 5000];

/** Work that was still waiting its turn when the consumer stopped: not run (its event comes again after a restart). */
export class ConsumerStoppedError extends Error {
  readonly code = 'CONSUMER_STOPPED';
  constructor(name: string) {
    super(`consumer ${name} stopped before this work began`);
    this.name = 'ConsumerStoppedError';
  }
}

/**
 * Consumes all events from its checkpoint, running different keys concurrently and each key's
 * events strictly in order. The checkpoint only moves past an event once it and every event
 * before it are handled, so a crash at any moment redelivers (never skips) work; handlers must be
 * idempotent, which the process manager is by deterministic command ids.
 */
export class KeyedConsumer {
  private subscription: Subscription | undefined;
  private readonly queue: Slot[] = [];
  private readonly tails = new Map<string, Promise<void>>();
  private inFlight = 0;
  private slotFreed: (() => void) | undefined;
  private safe: Position = Position.START;
  private saved: Position = Position.START;
  private stopped = false;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: KeyedConsumerOptions) {}

  /** Position up to which everything is handled. */
  get checkpoint(): Position {
    return this.safe;
  }

  async start(): Promise<void> {
    const from = await this.options.checkpoints.load(this.options.name);
    this.safe = this.saved = from;
    const { types } = this.options;
    this.subscription = this.options.store.subscribeToAll({ after: from, batchSize: 500, ...(types ? { trusted: { types } } : {}) });
    this.timer = setInterval(() => void this.persist(), this.options.checkpointEveryMs ?? 200);
    this.timer.unref();
    this.options.log.info('consumer started', { name: this.options.name, from });
    this.running = this.consume().catch((error) => this.options.log.error('consumer stopped on an error', { name: this.options.name, error }));
  }

  /**
   * Run work on the key's queue, serialised with its events (used for timers such as deadlines).
   * Rejects with ConsumerStoppedError when the consumer stops before the work's turn comes.
   */
  enqueue(key: string, work: () => Promise<void>): Promise<void> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(() => this.withRetry(work, key));
    this.tails.set(key, next);
    void next
      .finally(() => {
        if (this.tails.get(key) === next) this.tails.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  /**
   * Stops taking events, lets the work already running finish (a handler is not cut off halfway),
   * gives up the work still waiting behind it, and saves the checkpoint, which never passes what was
   * given up. A backlog of thousands of events therefore does not hold a shutdown up: the time is
   * bounded by the handlers in flight, not by the queue.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    this.slotFreed?.();
    await this.running;
    await Promise.allSettled([...this.tails.values()]);
    clearInterval(this.timer);
    await this.persist();
    this.options.log.info('consumer stopped', { name: this.options.name, checkpoint: this.safe });
  }

  private async consume(): Promise<void> {
    const concurrency = this.options.concurrency ?? 64;
    for await (const event of this.subscription!) {
      const key = this.options.keyOf(event);
      const slot: Slot = { position: event.position, done: key === undefined };
      this.queue.push(slot);
      if (key === undefined) {
        this.advance();
        continue;
      }
      while (this.inFlight >= concurrency && !this.stopped) await new Promise<void>((resolve) => (this.slotFreed = resolve));
      this.inFlight++;
      const release = () => {
        this.inFlight--;
        this.slotFreed?.();
      };
      // A rejection only happens while stopping: the slot stays undone so the checkpoint never passes it.
      void this.enqueue(key, () => this.options.handle(event, key)).then(() => {
        slot.done = true;
        this.advance();
        release();
      }, release);
    }
  }

  private advance(): void {
    while (this.queue.length > 0 && this.queue[0]!.done) this.safe = this.queue.shift()!.position;
  }

  private async withRetry(work: () => Promise<void>, key: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.stopped && attempt === 0) throw new ConsumerStoppedError(this.options.name);
      try {
        return await work();
      } catch (error) {
        if (this.stopped && attempt > 2) throw error;
        const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;
        this.options.log[attempt >= 3 ? 'error' : 'warn']('handling failed; retrying', { name: this.options.name, key, attempt: attempt + 1, delayMs: delay, error });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private async persist(): Promise<void> {
    if (this.safe <= this.saved) return;
    const position = this.safe;
    try {
      await this.options.checkpoints.save(this.options.name, position);
      this.saved = position;
    } catch (error) {
      this.options.log.warn('saving the checkpoint failed; will retry', { name: this.options.name, error });
    }
  }
}
