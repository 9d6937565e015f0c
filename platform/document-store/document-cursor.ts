import { createHash } from 'node:crypto';
import { InvalidCursorError } from '../read-models/invalid-cursor.error';
import type { CheckedQuery } from './document-validation';

/** Where a page ended: the last document's id and, when sorting by a field, that field's value. */
export interface CursorPoint {
  id: string;
  /** The sort field's value as JSON text; absent when the document lacks the field or there is no sort field. */
  key?: string;
}

const TAG_LENGTH = 22;

/**
 * The query a cursor belongs to. A cursor is only valid for the same target, filter and sort, so a
 * cursor carried over from another customer's listing or another order is refused, not misread.
 */
function scopeOf(target: string, query: CheckedQuery): string {
  return JSON.stringify([target, query.where, query.orderBy?.field ?? null, query.orderBy?.direction ?? 'asc']);
}

// The tag is a checksum over the scope and the body, not a signature: it has no secret, because
// every reader process must accept every other's cursors. It catches edited and foreign cursors;
// someone who forges one anyway can only reach a page of a query they were allowed to run.
function tagOf(scope: string, body: string): string {
  return createHash('sha256').update(scope).update('\n').update(body).digest('base64url').slice(0, TAG_LENGTH);
}

export function encodeCursor(target: string, query: CheckedQuery, point: CursorPoint): string {
  const body = Buffer.from(JSON.stringify(point.key === undefined ? [point.id] : [point.id, point.key])).toString('base64url');
  return `${body}.${tagOf(scopeOf(target, query), body)}`;
}

/** The point a cursor marks, or InvalidCursorError if it was not made by encodeCursor for this very query. */
export function decodeCursor(target: string, query: CheckedQuery, cursor: string): CursorPoint {
  const [body, tag, extra] = cursor.split('.');
  if (!body || tag === undefined || extra !== undefined || tag !== tagOf(scopeOf(target, query), body)) throw new InvalidCursorError(cursor);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(cursor);
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') throw new InvalidCursorError(cursor);
  const sorted = query.orderBy !== undefined;
  if (parsed.length === 1) return { id: parsed[0] };
  if (parsed.length !== 2 || !sorted || typeof parsed[1] !== 'string' || !isJson(parsed[1])) throw new InvalidCursorError(cursor);
  return { id: parsed[0], key: parsed[1] };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
