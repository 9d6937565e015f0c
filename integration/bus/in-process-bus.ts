import type { EventStore } from '../../platform/event-store/event-store.port';
import type { Logger } from '../../platform/logger';
import type { CheckpointStore } from '../../platform/processing/checkpoints';
import { RelayLoop, type Lease } from '../relay/relay-loop';
import { retryUntilDone } from '../relay/retry';
import { publishingContext } from '../translation/translate';
import type { BusSubscription, IntegrationBus, SubscribeOptions } from './integration-bus.port';

export interface InProcessBusDeps {
  store: EventStore;
  checkpoints: CheckpointStore;
  lease(name: string): Lease;
  log: Logger;
  retryDelaysMs?: readonly number[];
}

/** Checkpoint and lease name of an in-process consumer group. */
export const inProcessGroupName = (group: string) => `integration:${group}`;

/**
 * The embedded default's bus, without a broker: each consumer group runs its own relay loop over
 * the event store, with the same translators, and hands each event to its handler. The event
 * store is the durable log and the group's checkpoint its committed offset, so a group gets the
 * same guarantees as from Kafka (at least once, in order per key — here even in global order),
 * survives restarts, and one slow group never holds up another.
 */
export class InProcessBus implements IntegrationBus {
  readonly kind = 'in-process';
  private readonly loops = new Set<RelayLoop>();

  constructor(private readonly deps: InProcessBusDeps) {}

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    const { store, checkpoints, log, retryDelaysMs } = this.deps;
    const name = inProcessGroupName(options.group);
    const contexts = new Set<string>(options.contexts);
    const groupLog = log.child(options.group);
    const loop = new RelayLoop({
      name,
      store,
      checkpoints,
      lease: this.deps.lease(name),
      log: groupLog,
      retryDelaysMs,
      select: (event) => contexts.has(publishingContext(event.type) ?? ''),
      // Event by event, so a failing handler is retried alone rather than with the batch before it.
      deliver: async (events, signal) => {
        for (const event of events) {
          await retryUntilDone(() => options.handle(event), { signal, log: groupLog, what: 'handling an integration event', fields: { id: event.id, type: event.type }, delaysMs: retryDelaysMs });
        }
      },
    });
    this.loops.add(loop);
    loop.start();
    return {
      stop: async () => {
        this.loops.delete(loop);
        await loop.stop();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.loops].map((loop) => loop.stop()));
    this.loops.clear();
  }
}
