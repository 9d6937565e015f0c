import { z } from 'zod';
import type { GeneratedFile } from '../catalogue';
import { fieldRows } from '../catalogue-fields';
import { JSON_SCHEMA_ID_PREFIX, type JsonSchema } from '../json-schema';
import { integrationEnvelopeSchema, type IntegrationContext, type IntegrationEventDefinition } from './integration-event';
import { integrationEventDefinitions } from './integration-registry';

/*
 * Generates docs/events/integration/ (a catalogue and one JSON Schema per integration event type)
 * for the teams consuming the Kafka topics. Pure and deterministic, like ../catalogue.ts.
 */

export const INTEGRATION_DOCS_DIR = 'docs/events/integration';
export const INTEGRATION_CATALOGUE_PATH = `${INTEGRATION_DOCS_DIR}/CATALOGUE.md`;
export const INTEGRATION_JSON_SCHEMA_DIR = `${INTEGRATION_DOCS_DIR}/json-schema`;

const CONTEXT_SUMMARIES: Record<IntegrationContext, string> = {
  customers: 'Customer accounts and their contact details (personal data).',
  inventory: 'Stock signals for purchasing.',
  ordering: 'The life of an order, from placement to delivery.',
};

/** The complete message of one type (envelope and data), as JSON Schema draft 2020-12. */
export function integrationEventJsonSchema(definition: IntegrationEventDefinition): JsonSchema {
  const full = integrationEnvelopeSchema.extend({ type: z.literal(definition.type).describe('This type'), data: definition.schema.describe('The payload') });
  const { $schema, title: _title, description: _description, ...body } = z.toJSONSchema(full, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' });
  return {
    $schema,
    $id: `${JSON_SCHEMA_ID_PREFIX}integration:${definition.type}`,
    title: definition.type,
    description: definition.description,
    'x-integration-event-type': definition.type,
    'x-context': definition.context,
    'x-key': `data.${definition.keyField}`,
    ...body,
  };
}

export function generateIntegrationDocs(definitions: readonly IntegrationEventDefinition[] = integrationEventDefinitions): GeneratedFile[] {
  const sorted = [...definitions].sort((a, b) => (a.type < b.type ? -1 : 1));
  const schemas = sorted.map((definition) => ({
    path: `${INTEGRATION_JSON_SCHEMA_DIR}/${definition.type}.json`,
    content: `${JSON.stringify(integrationEventJsonSchema(definition), null, 2)}\n`,
  }));
  return [{ path: INTEGRATION_CATALOGUE_PATH, content: renderIntegrationCatalogue(sorted) }, ...schemas].sort((a, b) => (a.path < b.path ? -1 : 1));
}

function renderIntegrationCatalogue(definitions: readonly IntegrationEventDefinition[]): string {
  const contexts = [...new Set(definitions.map((d) => d.context))].sort();
  const envelope = fieldRows(z.toJSONSchema(integrationEnvelopeSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as JsonSchema);
  const lines = [
    '# Integration event catalogue',
    '',
    'The public, versioned events the platform publishes for other systems (Kafka topic `<KAFKA_TOPIC_PREFIX><context>`, e.g. `commerce.ordering`). Generated from `event-schemas/integration/` by `npm run schemas`; do not edit by hand. They are translated from the domain events in [../CATALOGUE.md](../CATALOGUE.md), which are internal and never published as they are.',
    '',
    '- **Versions**: the version is part of the type (`ordering.order-confirmed.v1`). A published type never changes shape; a change is a new type (`…v2`), published beside the old one until its consumers have moved.',
    '- **Delivery** is at least once. Dedupe by `id`: it is the id of the source domain event, so a redelivered or re-published event has the id it had the first time.',
    '- **Order**: messages with the same `key` (the order id, customer id or SKU) are on one partition of their topic, in the order they happened. There is no order across keys or topics.',
    '- **Personal data** fields are marked; the `customers` topic carries them, the others do not.',
    '- **Money** is `{ "amountMinor": integer, "currency": "EUR" }`: whole minor units (cents) and an ISO-4217 code; never a float.',
    '',
    '| Topic | Events |',
    '| --- | --- |',
    ...contexts.map((context) => `| \`${context}\` | ${definitions.filter((d) => d.context === context).map((d) => `[${d.type}](#${anchor(d.type)})`).join(', ')} |`),
    '',
    '## Envelope',
    '',
    'Every message value is one JSON object; the message key is `key`, and the headers repeat `type` (`event-type`) and `id` (`event-id`).',
    '',
    '| Field | Type | Description |',
    '| --- | --- | --- |',
    ...envelope.map((row) => `| \`${row.name}\` | ${row.type} | ${cell(row.description)} |`),
    '',
    ...contexts.flatMap((context) => [`## ${context}`, '', CONTEXT_SUMMARIES[context], '', ...definitions.filter((d) => d.context === context).flatMap(renderEvent)]),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderEvent(definition: IntegrationEventDefinition): string[] {
  const rows = fieldRows(z.toJSONSchema(definition.schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as JsonSchema);
  return [
    `### ${definition.type}`,
    '',
    cell(definition.description),
    '',
    `Key \`data.${definition.keyField}\` · [JSON Schema](json-schema/${definition.type}.json)`,
    '',
    '| Field | Type | Required | Description |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| \`data.${row.name}\` | ${row.type} | ${row.required ? 'yes' : 'no'} | ${cell(row.description)}${row.personalData ? ' (**personal data**)' : ''} |`),
    '',
    'Example `data`:',
    '',
    '```json',
    JSON.stringify(definition.example, null, 2),
    '```',
    '',
  ];
}

function anchor(type: string): string {
  return type.replace(/\./g, '');
}

/** Table-safe, and `<id>` outside code spans would be taken for an HTML tag and vanish. */
function cell(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}
