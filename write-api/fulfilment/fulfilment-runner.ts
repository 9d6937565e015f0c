import type { CommandBus } from '@nestjs/cqrs';
import { correlate, deadlinesOf, fulfilmentDecider, needsPaymentToken, react, TRIGGER_TYPES, type FulfilmentState, type FulfilmentTrigger } from '../../contexts/fulfilment';
import { orderDecider } from '../../contexts/ordering';
import type { CommandContext } from '../../contexts/shared/command-context';
import { fold } from '../../contexts/shared/decider';
import type { StreamHandler } from '../../contexts/shared/stream-handler';
import type { OrderEvent } from '../../event-schemas';
import type { Config } from '../../platform/config';
import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import type { Logger } from '../../platform/logger';
import type { CheckpointStore } from '../../platform/processing/checkpoints';
import type { DeadlineStore } from '../../platform/processing/deadlines';
import type { AdvisoryLease } from '../../platform/processing/advisory-lease';
import { KeyedConsumer } from '../../platform/processing/keyed-consumer';
import { countTimeout, inEventSpan } from './fulfilment-observability';
import { dispatchIntent } from './intent-dispatcher';
import { OrderMemo, type OrderNotes } from './order-memo';

export const FULFILMENT_PROCESS = 'order-fulfilment';
const ACTOR = { subject: FULFILMENT_PROCESS, role: 'system' };
const TRIGGERS = new Set<string>(TRIGGER_TYPES);

/**
 * Identifies one firing of one order's deadline; the fulfilment events it records derive their ids
 * from it, so it must name the order: two orders' deadlines often fall on the same millisecond.
 */
export function deadlineTriggerId(orderId: string, kind: string, dueAt: string): string {
  return `deadline:${orderId}:${kind}:${dueAt}`;
}

export interface FulfilmentRunnerDeps {
  store: EventStore;
  /** Only the instance holding it consumes; others stand by and take over when it goes. */
  lease: AdvisoryLease;
  streams: StreamHandler;
  commands: CommandBus;
  checkpoints: CheckpointStore;
  deadlines: DeadlineStore;
  config: Config;
  log: Logger;
}

/**
 * The durable order-fulfilment process manager: consumes every event from its checkpoint (one
 * order at a time, many orders at once), records what it saw in fulfilment-<orderId>, then sends
 * the commands the current step needs. Commands carry deterministic ids and fulfilment events
 * ids derived from the trigger, so a redelivery or a crash between two steps never doubles an effect.
 */
export class FulfilmentRunner {
  private consumer: KeyedConsumer | undefined;
  private scheduler: NodeJS.Timeout | undefined;
  private ticking = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly memo = new OrderMemo();

  constructor(private readonly deps: FulfilmentRunnerDeps) {}

  /** Returns at once; the runner becomes active when it holds the lease. */
  async start(): Promise<void> {
    this.loop = this.run().catch((error) => this.deps.log.error('the process manager stopped on an error', { error }));
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    while (await this.deps.lease.acquire(signal)) {
      const lost = new Promise<'lost'>((resolve) => this.deps.lease.onLost(() => resolve('lost')));
      // The stop may have come while the lease was being acquired: an 'abort' listener added now would never fire.
      const stopped = new Promise<'stopped'>((resolve) => {
        if (signal.aborted) resolve('stopped');
        else signal.addEventListener('abort', () => resolve('stopped'), { once: true });
      });
      // Another instance may have worked on these orders while this one did not hold the lease.
      this.memo.clear();
      const consumer = this.newConsumer();
      this.consumer = consumer;
      await consumer.start();
      this.scheduler = setInterval(() => void this.fireDeadlines(), 250);
      this.scheduler.unref();
      const why = await Promise.race([lost, stopped]);
      clearInterval(this.scheduler);
      await consumer.stop();
      this.consumer = undefined;
      await this.deps.lease.release();
      if (why === 'stopped') return;
      this.deps.log.warn('lost the lease (database connection ended): stopped consuming, standing by to take over again');
    }
  }

  private newConsumer(): KeyedConsumer {
    return new KeyedConsumer({
      name: FULFILMENT_PROCESS,
      store: this.deps.store,
      checkpoints: this.deps.checkpoints,
      log: this.deps.log,
      // Only its triggers are decoded; the rest (half of an order's events are its own records) pass as envelopes.
      types: TRIGGER_TYPES,
      keyOf: (event) => (TRIGGERS.has(event.type) ? correlate(event) : undefined),
      handle: (event, orderId) => {
        // The order stream begins with it, and this manager will confirm or reject the order: keep
        // its state, so that command does not read the stream again.
        if (event.type === 'OrderPlaced') this.deps.streams.follow(orderDecider, event as RecordedEvent<OrderEvent>);
        return inEventSpan(FULFILMENT_PROCESS, event, () => this.react(orderId, event as unknown as FulfilmentTrigger, event.eventId));
      },
    });
  }

  private async fireDeadlines(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const due of await this.deps.deadlines.claimDue(FULFILMENT_PROCESS)) {
        const trigger = { type: 'DeadlineReached', data: { orderId: due.key, deadline: due.kind, at: due.dueAt } } as FulfilmentTrigger;
        countTimeout(due.kind);
        const ids = { correlationId: due.key, causationId: deadlineTriggerId(due.key, due.kind, due.dueAt) };
        this.deps.log.with(ids).info('deadline reached', { orderId: due.key, deadline: due.kind, attempt: due.attempts });
        // Given up only when stopping; the claim's backoff fires it again after a restart.
        void this.consumer?.enqueue(due.key, () => this.react(due.key, trigger, deadlineTriggerId(due.key, due.kind, due.dueAt))).catch((error: unknown) =>
          this.deps.log.with(ids).info('deadline left for the next run: stopping', { orderId: due.key, deadline: due.kind, error }),
        );
      }
    } catch (error) {
      this.deps.log.warn('could not read due deadlines; will try again', { error });
    } finally {
      this.ticking = false;
    }
  }

  private async react(orderId: string, trigger: FulfilmentTrigger, triggerId: string): Promise<void> {
    const { streams, config } = this.deps;
    const now = new Date().toISOString();
    const context: CommandContext = { commandId: `${FULFILMENT_PROCESS}:${triggerId}`, actor: ACTOR, correlationId: orderId, causationId: triggerId, now };
    const options = { reservationTtlMs: config.reservationTtlSeconds * 1000, paymentTimeoutMs: config.paymentDeadlineSeconds * 1000 };
    const streamId = `fulfilment-${orderId}`;
    const notes = this.memo.of(orderId);
    const placed = trigger.type === 'OrderPlaced';
    if (placed) notes.paymentToken = trigger.data.paymentToken ?? null;
    else {
      // Only this manager writes fulfilment streams, so the state it kept is current unless another
      // instance held the lease meanwhile, which the append's revision check catches.
      const { state } = await streams.current(fulfilmentDecider, streamId);
      if (needsPaymentToken(state) && notes.paymentToken === undefined) notes.paymentToken = await this.paymentTokenOf(orderId);
    }
    const decide = (current: FulfilmentState) => {
      const reaction = react(current, trigger, now, { ...options, paymentToken: notes.paymentToken });
      return { ...reaction, deadlines: deadlinesOf(fold(fulfilmentDecider, reaction.record, current)) };
    };
    let decided: ReturnType<typeof decide> | undefined;
    // An order's first trigger starts its stream, so it is decided without reading unless a state is
    // kept; if the stream exists after all (a redelivery), the append's no-stream check says so.
    const result = await streams.handle(fulfilmentDecider, orderId, (current) => (decided = decide(current)).record, context, { assumeNew: placed });
    // Nothing appended although the last decision recorded something, or no decision at all: this
    // trigger's record is in the stream already (a redelivery, a retry after a failure past the
    // append, an assumed-new stream that existed), so the step's commands may never have been sent.
    // The state now reflects the trigger, so react records nothing and names what the step still needs.
    if (result.events === 0 && decided?.record.length !== 0) decided = decide((await streams.current(fulfilmentDecider, streamId)).state);
    if (!decided) throw new Error(`no decision for ${trigger.type} of order ${orderId}`);
    // A step's commands address different streams and each is idempotent, so they go at once, with
    // the deadlines; if any fails, the whole step is tried again once all have settled.
    const { deadlines } = decided;
    const outcomes = await Promise.allSettled([
      ...decided.send.map((intent) => dispatchIntent(this.deps.commands, intent, { ...context, commandId: intent.commandId }, this.deps.log.with({ correlationId: orderId, causationId: triggerId }))),
      this.stateDeadlines(orderId, notes, deadlines, trigger.type === 'DeadlineReached'),
    ]);
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Written whenever they differ from what this runner last stored (after a restart, a failed
   * write or a lost lease it does not know, so it writes), and after every firing, which moved them.
   */
  private async stateDeadlines(orderId: string, notes: OrderNotes, deadlines: ReturnType<typeof deadlinesOf>, fired: boolean): Promise<void> {
    const stated = JSON.stringify(deadlines);
    if (stated === notes.deadlines && !fired) return;
    notes.deadlines = undefined;
    await this.deps.deadlines.replace(FULFILMENT_PROCESS, orderId, deadlines);
    notes.deadlines = stated;
  }

  private async paymentTokenOf(orderId: string): Promise<string | null> {
    const [placed] = (await this.deps.store.readStream(`order-${orderId}`, { maxCount: 1 })) as RecordedEvent[];
    const data = placed?.type === 'OrderPlaced' ? (placed.data as { paymentToken?: string }) : undefined;
    return data?.paymentToken ?? null;
  }
}
