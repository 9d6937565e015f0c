import type { Actor } from '../../platform/event-store/event-store.port';

/**
 * Who asks, when, and why, carried by every command. Deciders read `now` instead of a clock;
 * handlers copy the rest into each event's metadata.
 */
export interface CommandContext {
  /** Unique per command; deterministic (`<orderId>:<step>`) when the process manager sends it, so a redelivery decides the same events with the same ids. */
  commandId: string;
  actor: Actor;
  correlationId: string;
  /** The request or event that caused this command. */
  causationId: string;
  /** ISO-8601 instant the command is decided at. */
  now: string;
  traceparent?: string;
}
