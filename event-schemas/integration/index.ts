/*
 * The public integration-event contract: what the relay publishes to Kafka (or delivers in-process
 * on the embedded default) and what consumers such as the notifier read. Separate from the domain
 * events, which are internal and never published as they are.
 */
export * from './customers.integration-events';
export * from './inventory.integration-events';
export * from './ordering.integration-events';
export { defineIntegrationEvent, integrationEnvelopeSchema, type IntegrationContext, type IntegrationEnvelope, type IntegrationEventDefinition, type IntegrationEventOf } from './integration-event';
export {
  integrationEventDefinition,
  integrationEventDefinitions,
  InvalidIntegrationEventError,
  isKnownIntegrationEventType,
  parseIntegrationEvent,
  UnknownIntegrationEventTypeError,
  type IntegrationEvent,
  type IntegrationEventOfType,
  type IntegrationEventType,
} from './integration-registry';
export { generateIntegrationDocs, integrationEventJsonSchema, INTEGRATION_DOCS_DIR, INTEGRATION_JSON_SCHEMA_DIR } from './integration-catalogue';
