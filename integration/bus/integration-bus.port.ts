import type { IntegrationContext, IntegrationEvent } from '../../event-schemas/integration';

/**
 * Where the relay hands integration events over. `publish` resolves only once every event is
 * durably accepted (Kafka: acknowledged by all in-sync replicas) and rejects otherwise; the relay
 * moves its checkpoint only after it resolved, so nothing is lost, and sends the batch again after
 * a failure, so consumers may see an event twice (they dedupe by `id`).
 */
export interface IntegrationPublisher {
  publish(events: readonly IntegrationEvent[]): Promise<void>;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Consumer group: every group gets every event of its contexts, with its own progress. */
  group: string;
  /** Which topics to read; one topic per publishing context. */
  contexts: readonly IntegrationContext[];
  /**
   * Handles one event. Delivery is at least once and in order per key; throwing retries the same
   * event (with backoff) before anything after it, so a handler must be idempotent by `event.id`.
   */
  handle(event: IntegrationEvent): Promise<void>;
}

export interface BusSubscription {
  /** Stops after the event being handled; what was handled stays committed. */
  stop(): Promise<void>;
}

/** The consuming side: Kafka consumer groups in production, in-process delivery on the embedded default. */
export interface IntegrationBus {
  readonly kind: 'kafka' | 'in-process';
  subscribe(options: SubscribeOptions): Promise<BusSubscription>;
  close(): Promise<void>;
}
