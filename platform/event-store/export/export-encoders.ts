import type { RecordedEvent } from '../event-store.port';

export type ExportFormat = 'ndjson' | 'csv';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['ndjson', 'csv'];

/** Turns events into text: an optional header, then one record (ending in a newline) per event. */
export interface ExportEncoder {
  readonly format: ExportFormat;
  header(): string;
  record(event: RecordedEvent): string;
}

/**
 * One JSON object per line, the event exactly as the store returns it after decoding: `type`,
 * `schemaVersion` (always the current one) and `data` feed straight back into the registry's
 * `decode`, and `metadata` keeps recordedAt, the actor, correlation and causation and the hashes.
 */
export const ndjsonEncoder: ExportEncoder = {
  format: 'ndjson',
  header: () => '',
  record: (event) =>
    JSON.stringify({
      position: event.position,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId: event.streamId,
      revision: event.revision,
      data: event.data,
      metadata: event.metadata,
    }) + '\n',
};

export const CSV_COLUMNS = [
  'position',
  'eventId',
  'type',
  'schemaVersion',
  'streamId',
  'revision',
  'recordedAt',
  'occurredAt',
  'actor',
  'correlationId',
  'causationId',
  'data',
] as const;

/**
 * RFC 4180: a field holding a comma, a double quote, CR or LF is quoted and its quotes doubled;
 * anything else is written as is. Records end in CRLF as the RFC says, which spreadsheets and
 * CSV readers all accept.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `role:subject`, e.g. `customer:3b9f…` or `system:order-fulfilment`: one column that sorts by role. */
export function actorText(actor: { subject: string; role: string } | undefined): string {
  return actor ? `${actor.role}:${actor.subject}` : '';
}

export const csvEncoder: ExportEncoder = {
  format: 'csv',
  header: () => CSV_COLUMNS.join(',') + '\r\n',
  record: (event) => {
    const m = event.metadata;
    const fields = [
      event.position,
      event.eventId,
      event.type,
      String(event.schemaVersion),
      event.streamId,
      String(event.revision),
      m.recordedAt,
      m.occurredAt ?? '',
      actorText(m.actor),
      m.correlationId ?? '',
      m.causationId ?? '',
      JSON.stringify(event.data),
    ];
    return fields.map(csvField).join(',') + '\r\n';
  },
};

export function encoderFor(format: ExportFormat): ExportEncoder {
  return format === 'csv' ? csvEncoder : ndjsonEncoder;
}
