import type { z } from 'zod';
import type { EventIssue } from '../errors';
import { eventErrorMap, toEventIssues } from '../issues';
import { customerIntegrationEvents } from './customers.integration-events';
import { integrationEnvelopeSchema, type IntegrationEventDefinition, type IntegrationEventOf } from './integration-event';
import { inventoryIntegrationEvents } from './inventory.integration-events';
import { orderingIntegrationEvents } from './ordering.integration-events';

/** Every integration event the platform publishes. */
export const integrationEventDefinitions = [...orderingIntegrationEvents, ...customerIntegrationEvents, ...inventoryIntegrationEvents] as const;

export type IntegrationEvent = IntegrationEventOf<(typeof integrationEventDefinitions)[number]>;
export type IntegrationEventType = IntegrationEvent['type'];
/** One type's full event: `IntegrationEventOfType<'ordering.order-confirmed.v1'>`. */
export type IntegrationEventOfType<T extends IntegrationEventType> = Extract<IntegrationEvent, { type: T }>;

const byType = new Map<string, IntegrationEventDefinition>(integrationEventDefinitions.map((definition) => [definition.type, definition]));

export class InvalidIntegrationEventError extends Error {
  readonly code = 'INVALID_INTEGRATION_EVENT';
  constructor(
    /** The type named by the message, when it had one. */
    readonly eventType: string | undefined,
    readonly issues: readonly EventIssue[],
  ) {
    super(`${eventType ? `Integration event ${eventType}` : 'Integration event'} is invalid: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'InvalidIntegrationEventError';
  }
}

/** A well-formed envelope of a type this build does not know: a newer publisher's new version. */
export class UnknownIntegrationEventTypeError extends Error {
  readonly code = 'UNKNOWN_INTEGRATION_EVENT_TYPE';
  constructor(readonly eventType: string) {
    super(`Unknown integration event type ${eventType}; known: ${[...byType.keys()].sort().join(', ')}`);
    this.name = 'UnknownIntegrationEventTypeError';
  }
}

export function integrationEventDefinition(type: string): IntegrationEventDefinition {
  const definition = byType.get(type);
  if (!definition) throw new UnknownIntegrationEventTypeError(type);
  return definition;
}

export function isKnownIntegrationEventType(type: string): type is IntegrationEventType {
  return byType.has(type);
}

/**
 * Validates an integration event as it arrives (a parsed Kafka message) or before it is published:
 * the envelope, the type, the data against the type's schema, and that `key` is the key field.
 */
export function parseIntegrationEvent(input: unknown): IntegrationEvent {
  const envelope = check(integrationEnvelopeSchema, input, typeOf(input));
  const definition = integrationEventDefinition(envelope.type);
  const data = check(definition.schema, envelope.data, envelope.type, 'data');
  const key = (data as Record<string, unknown>)[definition.keyField];
  if (envelope.key !== key) {
    throw new InvalidIntegrationEventError(envelope.type, [{ path: 'key', message: `must equal data.${definition.keyField} (${JSON.stringify(key)})` }]);
  }
  return { ...envelope, data } as IntegrationEvent;
}

function check<S extends z.ZodType>(schema: S, value: unknown, type: string | undefined, prefix?: string): z.output<S> {
  const result = schema.safeParse(value, { error: eventErrorMap, reportInput: true });
  if (result.success) return result.data;
  const issues = toEventIssues(schema, result.error).map((issue) => ({ ...issue, path: prefix ? (issue.path ? `${prefix}.${issue.path}` : prefix) : issue.path }));
  throw new InvalidIntegrationEventError(type, issues);
}

function typeOf(input: unknown): string | undefined {
  const type = (input as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type.slice(0, 100) : undefined;
}
