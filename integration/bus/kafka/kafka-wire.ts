import type { IntegrationContext, IntegrationEvent } from '../../../event-schemas/integration';
import { integrationEventDefinition, parseIntegrationEvent } from '../../../event-schemas/integration';

/*
 * How an integration event travels on Kafka. One topic per publishing context, not per type:
 * Kafka orders messages only within a partition of one topic, and an order's placed, confirmed
 * and shipped events must reach a consumer in that order. The key is the aggregate id, so all of
 * one order's events land on one partition.
 */

export const INTEGRATION_CONTEXTS: readonly IntegrationContext[] = ['customers', 'inventory', 'ordering'];

export function topicOf(prefix: string, context: IntegrationContext): string {
  return `${prefix}${context}`;
}

export interface WireMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export function toKafkaMessage(event: IntegrationEvent): { topic: IntegrationContext; message: WireMessage } {
  return {
    topic: integrationEventDefinition(event.type).context,
    message: {
      key: event.key,
      value: JSON.stringify(event),
      // Lets consumers route or skip a message without parsing its value.
      headers: { 'event-type': event.type, 'event-id': event.id, 'content-type': 'application/json' },
    },
  };
}

export class UnreadableMessageError extends Error {
  readonly code = 'UNREADABLE_MESSAGE';
  constructor(reason: string) {
    super(`Kafka message is not an integration event: ${reason}`);
    this.name = 'UnreadableMessageError';
  }
}

/** Parses and validates one message value; throws UnreadableMessageError, InvalidIntegrationEventError or UnknownIntegrationEventTypeError. */
export function fromKafkaMessage(value: Buffer | string | null): IntegrationEvent {
  if (value === null) throw new UnreadableMessageError('it has no value (a tombstone)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch {
    throw new UnreadableMessageError('its value is not JSON');
  }
  return parseIntegrationEvent(parsed);
}
