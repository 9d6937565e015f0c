import type { RecordedEvent } from '../event-store.port';
import type { Position } from '../position';
import { csvEncoder, csvField, ndjsonEncoder, CSV_COLUMNS } from './export-encoders';

const event = (data: unknown, overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  eventId: '0b8f3c1e-6d2a-4f5b-9c7e-1a2b3c4d5e6f',
  type: 'StockAdjusted',
  schemaVersion: 1,
  data,
  streamId: 'stock-TEA-GREEN-100',
  revision: 7,
  position: '0000000000000a2b0000000000000003' as Position,
  metadata: {
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    actor: { subject: 'ops-1', role: 'operator' },
    occurredAt: '2026-03-01T10:00:00.000Z',
    recordedAt: '2026-03-01T10:00:00.123Z',
    hash: 'a'.repeat(64),
    previousHash: 'b'.repeat(64),
  },
  ...overrides,
});

/** A strict RFC 4180 reader, written independently of the encoder, to prove what a CSV consumer sees. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          break;
        } else if (i >= text.length) {
          throw new Error('unterminated quoted field');
        } else {
          field += text[i++];
        }
      }
      i += 1;
    } else {
      while (i < text.length && !',\r\n'.includes(text[i]!)) {
        if (text[i] === '"') throw new Error(`bare quote in unquoted field at ${i}`);
        field += text[i++];
      }
    }
    if (text[i] === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (i < text.length) {
      throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
    }
  }
  return records;
}

describe('CSV export', () => {
  it('quotes a field holding a comma, a quote, CR or LF, doubling its quotes, and leaves others as they are', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('writes the header and one CRLF record per event that a strict CSV reader splits back into the original fields', () => {
    const data = { sku: 'TEA-GREEN-100', quantityDelta: -3, reason: 'count, "bin 4",\r\nline two' };
    const awkward = event(data, { metadata: { ...event(data).metadata, actor: { subject: 'o,"q"', role: 'operator' } } });
    const text = csvEncoder.header() + csvEncoder.record(awkward) + csvEncoder.record(event({ quantity: 1 }));
    const [header, first, second] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, first![i]]));
    expect(row).toEqual({
      position: '0000000000000a2b0000000000000003',
      eventId: '0b8f3c1e-6d2a-4f5b-9c7e-1a2b3c4d5e6f',
      type: 'StockAdjusted',
      schemaVersion: '1',
      streamId: 'stock-TEA-GREEN-100',
      revision: '7',
      recordedAt: '2026-03-01T10:00:00.123Z',
      occurredAt: '2026-03-01T10:00:00.000Z',
      actor: 'operator:o,"q"',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      data: JSON.stringify(data),
    });
    expect(JSON.parse(row.data!)).toEqual(data);
    expect(second).toHaveLength(CSV_COLUMNS.length);
  });
});

describe('NDJSON export', () => {
  it('writes each event as one line of JSON holding everything needed to decode it again', () => {
    const data = { sku: 'TEA-GREEN-100', quantityDelta: 2, reason: 'line one\nline two' };
    const line = ndjsonEncoder.record(event(data));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual({
      position: '0000000000000a2b0000000000000003',
      eventId: '0b8f3c1e-6d2a-4f5b-9c7e-1a2b3c4d5e6f',
      type: 'StockAdjusted',
      schemaVersion: 1,
      streamId: 'stock-TEA-GREEN-100',
      revision: 7,
      data,
      metadata: event(data).metadata,
    });
    expect(ndjsonEncoder.header()).toBe('');
  });
});
