import type { AllStreamRecordedEvent, AllStreamSubscription, ReadPosition } from '@kurrent/kurrentdb-client';
import type { Logger } from '../../logger';
import { sleep } from '../catch-up-subscription';
import { EventStoreUnavailableError } from '../errors';
import type { EventShape, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { Position } from '../position';
import { isDomainEvent, toPosition, toReadPosition, translateError } from './kurrentdb-mapping';

export interface SubscriptionSource<E extends EventShape> {
  open(from: ReadPosition): AllStreamSubscription;
  decode(event: AllStreamRecordedEvent): RecordedEvent<E>;
  /** Last domain event at subscribe time: the fallback caught-up mark for servers that never say so. */
  headPosition(): Promise<Position>;
}

/** Consecutive drops without delivering an event before the error reaches the consumer. */
const MAX_RESUBSCRIBES = 5;

/**
 * The server's catch-up subscription to $all, filtered to domain streams. The client's subscription
 * is a Readable, so iterating it applies backpressure: delivery pauses while the consumer awaits.
 * A dropped subscription (server restart, slow consumer) is reopened after the last delivered
 * event, so the consumer sees neither a gap nor a duplicate.
 */
export class KurrentDbSubscription<E extends EventShape> implements Subscription<E> {
  private isCaughtUp = false;
  private stopped = false;
  private started = false;
  private source: AllStreamSubscription | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly from: SubscriptionSource<E>,
    private readonly options: SubscribeOptions,
    private readonly log: Logger,
    /** Lets the store forget the subscription however it ended. */
    private readonly onStopped: () => void,
  ) {}

  get caughtUp(): boolean {
    return this.isCaughtUp;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    // unsubscribe() cancels the gRPC call; destroy() ends a read that is waiting for the next event.
    const source = this.source;
    await source?.unsubscribe().catch(() => undefined);
    source?.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent<E>> {
    if (this.started) throw new Error('A subscription can be iterated only once; subscribe again to read again');
    this.started = true;
    try {
      yield* this.deliver(this.options.after ?? Position.START);
    } finally {
      this.onStopped();
    }
  }

  private async *deliver(after: Position): AsyncGenerator<RecordedEvent<E>> {
    let last = after;
    const head = await this.from.headPosition();
    if (last >= head) this.markCaughtUp();
    for (let drops = 0; !this.stopped; ) {
      const source = this.from.open(toReadPosition(last));
      this.source = source;
      // The server's caughtUp arrives after the events before it were queued in the Readable;
      // the consumer has seen everything committed so far once it has taken those too.
      let taken = 0;
      let caughtUpAfter: number | undefined;
      source.on('caughtUp', () => {
        caughtUpAfter = taken + source.readableLength;
        if (taken >= caughtUpAfter) this.markCaughtUp();
      });
      try {
        for await (const resolved of source) {
          taken++;
          if (this.stopped) return;
          const event = resolved.event;
          // $all subscriptions start after the position, but the checkpoint is never redelivered either way.
          if (event && isDomainEvent(event) && toPosition(event.position) > last) {
            const decoded = this.from.decode(event);
            yield decoded;
            last = decoded.position;
            drops = 0;
            if (last >= head) this.markCaughtUp();
          }
          if (caughtUpAfter !== undefined && taken >= caughtUpAfter) this.markCaughtUp();
        }
        if (this.stopped) return;
        throw new EventStoreUnavailableError('KurrentDB ended the $all subscription');
      } catch (error) {
        if (this.stopped) return;
        const translated = translateError(error, 'subscribing to $all');
        if (!(translated instanceof EventStoreUnavailableError) || ++drops > MAX_RESUBSCRIBES) throw translated;
        this.log.warn('$all subscription dropped; resubscribing after the last delivered event', { error: translated, after: last, attempt: drops });
        await sleep(200 * 2 ** drops, this.abort.signal);
      } finally {
        await source.unsubscribe().catch(() => undefined);
        source.destroy();
      }
    }
  }

  private markCaughtUp(): void {
    if (this.isCaughtUp) return;
    this.isCaughtUp = true;
    this.options.onCaughtUp?.();
  }
}
