import { eventRegistry } from '../../../event-schemas/registry';
import { UnknownEventTypeError } from '../../../event-schemas/errors';
import type { RecordedEvent } from '../event-store.port';
import { Position } from '../position';

/** A flag of `commerce events export` (or its library equivalent) that cannot be used as given. */
export class ExportArgumentError extends Error {
  readonly code = 'INVALID_EXPORT_ARGUMENT';
  constructor(message: string) {
    super(message);
    this.name = 'ExportArgumentError';
  }
}

/** A bound of the exported range: an instant on the store's recordedAt clock, or a global position. */
export type ExportBound = { kind: 'time'; at: Date; text: string } | { kind: 'position'; position: Position };

/**
 * Which events an export writes. The range is half-open, `from` inclusive and `to` exclusive, for
 * times and positions alike: `--to X` of one export and `--from X` of the next neither overlap nor
 * leave a gap, and a day is `--from 2026-03-01 --to 2026-03-02`.
 */
export interface ExportFilter {
  from?: ExportBound;
  to?: ExportBound;
  /** Only these event types; absent: every type. */
  types?: ReadonlySet<string>;
  /** Only streams whose id starts with this, e.g. `order-` or `stock-TEA-`. */
  streamPrefix?: string;
}

// Date only (midnight UTC) or a date-time with an explicit zone: a zone-less time would silently
// mean the exporting machine's local time.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

export function parseBound(flag: string, value: string): ExportBound {
  const text = value.trim();
  if (Position.isPosition(text)) return { kind: 'position', position: text };
  const at = new Date(text);
  if (ISO_INSTANT.test(text) && !Number.isNaN(at.getTime()) && isCalendarDate(text)) return { kind: 'time', at, text };
  throw new ExportArgumentError(
    `${flag} ${JSON.stringify(value)} is neither an instant nor a position: give an ISO-8601 date or date-time with a zone ` +
      `(2026-03-01, 2026-03-01T10:00:00Z, 2026-03-01T12:00:00+02:00) or a 32-character position (lowercase hex, as printed by an append or an export)`,
  );
}

/** Date parsing rolls 2026-02-30 over into March; a bound that names no real day is a typo. */
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

export function parseTypes(value: string): Set<string> {
  const types = value.split(',').map((t) => t.trim()).filter(Boolean);
  if (types.length === 0) throw new ExportArgumentError(`--type ${JSON.stringify(value)} names no event type: give one or more, comma-separated, e.g. OrderPlaced,OrderCancelled`);
  for (const type of types) {
    if (!eventRegistry.has(type)) throw new ExportArgumentError(`--type: ${new UnknownEventTypeError(type, eventRegistry.types()).message}`);
  }
  return new Set(types);
}

export function parseStreamPrefix(value: string): string {
  if (value.length === 0 || value.trim() !== value) {
    throw new ExportArgumentError(`--stream ${JSON.stringify(value)} must be a non-empty stream id prefix without surrounding spaces, e.g. order- or stock-TEA-`);
  }
  return value;
}

export function buildFilter(options: { from?: string; to?: string; type?: string; stream?: string }): ExportFilter {
  const filter: ExportFilter = {};
  if (options.from !== undefined) filter.from = parseBound('--from', options.from);
  if (options.to !== undefined) filter.to = parseBound('--to', options.to);
  if (options.type !== undefined) filter.types = parseTypes(options.type);
  if (options.stream !== undefined) filter.streamPrefix = parseStreamPrefix(options.stream);
  const { from, to } = filter;
  if (from && to && from.kind === to.kind && boundValue(from) >= boundValue(to)) {
    throw new ExportArgumentError(`--from must come before --to (the range is from inclusive, to exclusive): got --from ${describeBound(from)} and --to ${describeBound(to)}`);
  }
  return filter;
}

export function describeBound(bound: ExportBound): string {
  return bound.kind === 'time' ? bound.at.toISOString() : bound.position;
}

function boundValue(bound: ExportBound): string | number {
  return bound.kind === 'time' ? bound.at.getTime() : bound.position;
}

/** Where reading starts: just before an inclusive `from` position, or at the start of the history. */
export function readAfter(filter: ExportFilter): Position {
  return filter.from?.kind === 'position' ? predecessor(filter.from.position) : Position.START;
}

/**
 * The token just before `position` in the global order. Tokens are fixed-width hex whose string
 * order is the event order, so one less as a 128-bit number is the greatest token before it on
 * either engine; Position.START has none and stays itself.
 */
export function predecessor(position: Position): Position {
  const value = BigInt('0x' + position);
  return value === 0n ? Position.START : ((value - 1n).toString(16).padStart(32, '0') as Position);
}

/** True once reading can stop: the event is at or past a `to` position. Time bounds never stop early (see README). */
export function isPastEnd(filter: ExportFilter, event: RecordedEvent): boolean {
  return filter.to?.kind === 'position' && event.position >= filter.to.position;
}

export function matches(filter: ExportFilter, event: RecordedEvent): boolean {
  if (filter.types && !filter.types.has(event.type)) return false;
  if (filter.streamPrefix !== undefined && !event.streamId.startsWith(filter.streamPrefix)) return false;
  const { from, to } = filter;
  if (from || to) {
    const recordedAt = Date.parse(event.metadata.recordedAt);
    if (from && (from.kind === 'time' ? recordedAt < from.at.getTime() : event.position < from.position)) return false;
    if (to && (to.kind === 'time' ? recordedAt >= to.at.getTime() : event.position >= to.position)) return false;
  }
  return true;
}
