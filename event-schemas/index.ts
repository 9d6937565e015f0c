/*
 * The bottom layer: every stored event's schema, type and version history. Imports nothing from
 * the rest of the project, so any layer may depend on it.
 */
export * from './catalog/catalog.events';
export * from './customers/customers.events';
export * from './fulfilment/fulfilment.events';
export * from './inventory/inventory.events';
export * from './ordering/ordering.events';
export * from './payments/payments.events';
export { domainEventDefinitions, type DomainEvent, type DomainEventType, type EventData } from './domain-event';
export {
  defineEvent,
  freezeVersion,
  streamPattern,
  typesOf,
  type BoundedContext,
  type EventDefinition,
  type EventOf,
  type FrozenVersion,
  type StreamCategory,
} from './define-event';
export {
  EventSchemaError,
  EventUpcastError,
  EventValidationError,
  UnknownEventTypeError,
  UnsupportedSchemaVersionError,
  type EventIssue,
  type ValidationStage,
} from './errors';
export { EventRegistry, eventRegistry, type EventDescriptor, type VersionedPayload } from './registry';
export { eventJsonSchema, type JsonSchema } from './json-schema';
export * from './money';
