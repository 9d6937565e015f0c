import { fieldRows } from './catalogue-fields';
import type { BoundedContext } from './define-event';
import { jsonSchemaFileName } from './json-schema';
import { CURRENCY_EXPONENTS, formatMoney, money, SUPPORTED_CURRENCIES } from './money';
import { eventRegistry, type EventDescriptor, type EventRegistry } from './registry';

/*
 * Generates docs/events/ from the registry. Pure and deterministic (sorted, no clock), so that
 * `npm run schemas` and the unit test guarding the committed files produce the same bytes.
 */

export interface GeneratedFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

export const CATALOGUE_PATH = 'docs/events/CATALOGUE.md';
export const JSON_SCHEMA_DIR = 'docs/events/json-schema';

const CONTEXT_SUMMARIES: Record<BoundedContext, string> = {
  catalog: 'Products, their SKUs and prices.',
  customers: 'Customer accounts.',
  fulfilment: 'The order-fulfilment process manager: what it decided and which answers it has seen for each order.',
  inventory: 'Stock on hand and reservations, one stream per SKU.',
  ordering: 'Orders from placement to delivery. Pending → Confirmed → Shipped → Delivered; Rejected and Cancelled are final.',
  payments: 'Authorization, capture, void and refund of the payment of each order.',
};

const ENVELOPE: readonly [field: string, type: string, description: string][] = [
  ['eventId', 'UUID', 'Chosen by the writer; appending the same id again is a no-op.'],
  ['type', 'string', 'Event type name, e.g. OrderPlaced. Never renamed.'],
  ['schemaVersion', 'integer ≥ 1', 'Version of the shape of `data` as stored; readers always see the current version.'],
  ['streamId', 'string', '`<category>-<id>`, e.g. order-6d1e3f0a-…; the category tells the stream type.'],
  ['revision', 'integer ≥ 0', 'Position of the event in its stream, 0 for the first, without gaps.'],
  ['position', 'string', 'Global position: 32 lowercase hex digits; string order is commit order across all streams.'],
  ['data', 'object', 'The payload described per event below.'],
  ['metadata.correlationId', 'string', 'The business transaction: the order id for everything an order causes.'],
  ['metadata.causationId', 'string', 'Id of the command or event that directly caused this one.'],
  ['metadata.actor.subject', 'string', 'Who caused it: the JWT subject, or a process name.'],
  ['metadata.actor.role', 'string', 'Their role from the JWT, or `system` for processes.'],
  ['metadata.occurredAt', 'timestamp', 'When it happened in business terms, set by the writer.'],
  ['metadata.traceparent', 'string, optional', 'W3C trace context of the request that appended the event.'],
  ['metadata.recordedAt', 'timestamp', 'When the store recorded it; time-travel reads use this clock.'],
  ['metadata.hash', 'hex string', 'SHA-256 over the event’s canonical encoding and previousHash.'],
  ['metadata.previousHash', 'hex string', 'hash of the previous event in the stream; 64 zeros for the first.'],
];

export function generateEventDocs(registry: EventRegistry = eventRegistry): GeneratedFile[] {
  const events = registry.describe();
  const schemas = events.flatMap((event) =>
    [...event.history, { schemaVersion: event.schemaVersion, jsonSchema: event.jsonSchema }].map((version) => ({
      path: `${JSON_SCHEMA_DIR}/${jsonSchemaFileName(event.type, version.schemaVersion)}`,
      content: `${JSON.stringify(version.jsonSchema, null, 2)}\n`,
    })),
  );
  return [{ path: CATALOGUE_PATH, content: renderCatalogue(events) }, ...schemas].sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function renderCatalogue(events: readonly EventDescriptor[]): string {
  const contexts = [...new Set(events.map((event) => event.context))].sort();
  const lines = [
    '# Event catalogue',
    '',
    'Every event the platform stores, by bounded context. Generated from `event-schemas/` by `npm run schemas`; do not edit by hand (a unit test fails when this file is out of date). The JSON Schema of every version of every event is in [json-schema/](json-schema/).',
    '',
    '| Context | Streams | Events |',
    '| --- | --- | --- |',
    ...contexts.map((context) => {
      const own = events.filter((event) => event.context === context);
      const streams = [...new Set(own.map((event) => `\`${event.stream}\``))].join(', ');
      return `| [${context}](#${context}) | ${streams} | ${own.map((event) => `[${event.type}](#${event.type.toLowerCase()})`).join(', ')} |`;
    }),
    '',
    ...conventions(),
    ...envelope(),
    ...contexts.flatMap((context) => [
      `## ${context}`,
      '',
      prose(CONTEXT_SUMMARIES[context]),
      '',
      ...events.filter((event) => event.context === context).flatMap(renderEvent),
    ]),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

function conventions(): string[] {
  return [
    '## Reading the events',
    '',
    '- **Money** is `{ "amountMinor": integer, "currency": "EUR" }`: an integer number of minor units (cents) and an ISO-4217 code. There are no floats anywhere; divide by 10^exponent only to display. Amounts of different currencies are never added.',
    '- **Timestamps** are ISO-8601 UTC instants (`2026-03-14T10:00:00.000Z`); they sort correctly as text.',
    '- **Ids** are UUIDs unless the field says otherwise; a stream id is `<category>-<id>`.',
    '- **Versions**: a type name never changes. A change to the shape of `data` adds a new `schemaVersion`; stored events are never rewritten, and readers upcast old versions to the current one, as listed under each event.',
    '- **Personal data** fields are marked; they must not be copied into logs or analytics without pseudonymisation.',
    '',
    '| Currency | Minor-unit digits | amountMinor 1250 reads |',
    '| --- | --- | --- |',
    ...SUPPORTED_CURRENCIES.map((currency) => `| ${currency} | ${CURRENCY_EXPONENTS[currency]} | ${formatMoney(money(1250, currency))} |`),
    '',
  ];
}

function envelope(): string[] {
  return [
    '## Envelope',
    '',
    'Every stored event carries these fields around its `data`:',
    '',
    '| Field | Type | Description |',
    '| --- | --- | --- |',
    ...ENVELOPE.map(([field, type, description]) => `| \`${field}\` | ${type} | ${cell(description)} |`),
    '',
  ];
}

function renderEvent(event: EventDescriptor): string[] {
  const rows = fieldRows(event.jsonSchema);
  return [
    `### ${event.type}`,
    '',
    prose(event.description),
    '',
    `Stream \`${event.stream}\` · schema version ${event.schemaVersion} · [JSON Schema](json-schema/${jsonSchemaFileName(event.type, event.schemaVersion)})`,
    '',
    '| Field | Type | Required | Description |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| \`${row.name}\` | ${row.type} | ${row.required ? 'yes' : 'no'} | ${cell(row.description)}${row.personalData ? ' (**personal data**)' : ''} |`,
    ),
    '',
    'Example `data`:',
    '',
    '```json',
    JSON.stringify(event.example, null, 2),
    '```',
    '',
    ...versionHistory(event),
  ];
}

function versionHistory(event: EventDescriptor): string[] {
  if (event.history.length === 0) return [];
  return [
    'Version history:',
    '',
    ...event.history.map(
      (old) => `- v${old.schemaVersion} ([JSON Schema](json-schema/${jsonSchemaFileName(event.type, old.schemaVersion)})) → v${old.schemaVersion + 1}: ${prose(old.change)}`,
    ),
    '',
  ];
}

/** Table cells cannot hold pipes or line breaks. */
function cell(text: string): string {
  return prose(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Outside code spans, `<orderId>` would be taken for an HTML tag and vanish. */
function prose(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`');
}
