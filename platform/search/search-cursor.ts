import { createHash } from 'node:crypto';
import { InvalidCursorError } from '../read-models/invalid-cursor.error';
import type { ValidSearch } from './search-request';

/** The sort values of the last hit of a page; the next page starts strictly after them. */
export type SortValues = (string | number | null)[];

/**
 * Everything that decides which hits a query returns and in what order. A cursor is bound to it,
 * so a cursor handed to another query (or another target) is refused instead of skipping hits.
 */
export function queryFingerprint(target: string, search: ValidSearch): string {
  const { terms, filters, ranges, order } = search;
  return digest(JSON.stringify([target, terms, filters, ranges, order]));
}

export function encodeCursor(values: SortValues, fingerprint: string): string {
  const payload = JSON.stringify(values);
  return Buffer.from(JSON.stringify([payload, checksum(payload, fingerprint)])).toString('base64url');
}

/**
 * Reads a cursor made by `encodeCursor` for the same query. The checksum is not a secret: it
 * catches cursors that were edited, truncated or taken from another query, which would otherwise
 * page from a wrong place silently; the values are only ever bound as query parameters.
 */
export function decodeCursor(cursor: string, fingerprint: string, accept: (values: SortValues) => boolean): SortValues {
  let values: unknown;
  try {
    const outer: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(outer) || outer.length !== 2 || typeof outer[0] !== 'string' || outer[1] !== checksum(outer[0], fingerprint)) {
      throw new InvalidCursorError(cursor);
    }
    values = JSON.parse(outer[0]);
  } catch {
    throw new InvalidCursorError(cursor);
  }
  const valid = Array.isArray(values) && values.every((v) => v === null || typeof v === 'string' || typeof v === 'number');
  if (!valid || !accept(values as SortValues)) throw new InvalidCursorError(cursor);
  return values as SortValues;
}

function checksum(payload: string, fingerprint: string): string {
  return digest(`${fingerprint}\n${payload}`).slice(0, 16);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
