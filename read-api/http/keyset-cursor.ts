import { createHash } from 'node:crypto';
import { InvalidCursorError } from '../../platform/read-models/invalid-cursor.error';

/** The sort key of the last row of a page; the next page starts strictly after it. */
export type KeysetPoint = (string | number)[];

/*
 * A cursor is the last row's sort key plus a checksum over that key and the listing's scope (its
 * filters). The checksum has no secret, because every read API process must accept every other's
 * cursors: it catches edited, truncated and foreign cursors (another customer's listing, another
 * filter), which would otherwise page from a wrong place without anyone noticing. A forged one can
 * only reach rows of a query its holder was allowed to run anyway.
 */

function tag(scope: unknown, body: string): string {
  return createHash('sha256').update(JSON.stringify(scope)).update('\n').update(body).digest('base64url').slice(0, 16);
}

export function encodeKeyset(scope: unknown, point: KeysetPoint): string {
  const body = Buffer.from(JSON.stringify(point)).toString('base64url');
  return `${body}.${tag(scope, body)}`;
}

/** The point a cursor marks; InvalidCursorError unless it came from encodeKeyset for this scope and has the expected shape. */
export function decodeKeyset(scope: unknown, cursor: string, shape: ('string' | 'number')[]): KeysetPoint {
  const [body, checksum, extra] = cursor.split('.');
  if (!body || checksum === undefined || extra !== undefined || checksum !== tag(scope, body)) throw new InvalidCursorError(cursor);
  let point: unknown;
  try {
    point = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(cursor);
  }
  if (!Array.isArray(point) || point.length !== shape.length || point.some((v, i) => typeof v !== shape[i])) throw new InvalidCursorError(cursor);
  return point as KeysetPoint;
}
