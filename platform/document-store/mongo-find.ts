import type { Document } from 'mongodb';
import type { CursorPoint } from './document-cursor';
import type { CheckedQuery } from './document-validation';

/**
 * The filter and sort for one page of a find. MongoDB sorts a missing or null field lowest and
 * compares within a type only ($gt: 5 never matches a string), so a sort field is expected to
 * hold one type; ties are broken by _id in the sort direction. Field names arrive validated.
 */
export function mongoFind(query: CheckedQuery, after: CursorPoint | undefined): { filter: Document; sort: Record<string, 1 | -1> } {
  const filter: Document = {};
  for (const [field, value] of query.where) filter[`data.${field}`] = value;
  if (!query.orderBy) {
    if (after) filter._id = { $gt: after.id };
    return { filter, sort: { _id: 1 } };
  }
  const path = `data.${query.orderBy.field}`;
  const desc = query.orderBy.direction === 'desc';
  if (after) filter.$and = [keyset(path, desc, after)];
  const dir = desc ? -1 : 1;
  return { filter, sort: { [path]: dir, _id: dir } };
}

/** Documents strictly after the cursor's (value, id) in page order. */
function keyset(path: string, desc: boolean, after: CursorPoint): Document {
  const id = desc ? { $lt: after.id } : { $gt: after.id };
  const key: unknown = after.key === undefined ? null : JSON.parse(after.key);
  if (key === null) {
    // The previous page ended among documents without a value, which sort lowest.
    return desc ? { [path]: null, _id: id } : { $or: [{ [path]: null, _id: id }, { [path]: { $ne: null } }] };
  }
  const beyond = { [path]: desc ? { $lt: key } : { $gt: key } };
  const tie = { [path]: key, _id: id };
  return { $or: desc ? [beyond, tie, { [path]: null }] : [beyond, tie] };
}

/** The cursor point for a stored document: a missing or null value is one and the same to MongoDB. */
export function pointOf(doc: { _id: string; data: unknown }, field: string | undefined): CursorPoint {
  if (field === undefined) return { id: doc._id };
  const value = (doc.data as Record<string, unknown> | null)?.[field];
  return value === undefined || value === null ? { id: doc._id } : { id: doc._id, key: JSON.stringify(value) };
}
