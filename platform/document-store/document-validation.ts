import { Position } from '../event-store/position';
import type { KeyedDocument, TargetCheckpoint } from '../read-models/keyed-documents.port';
import type { CollectionSpec, FindQuery, Scalar } from './document-store.port';
import { InvalidDocumentError, InvalidDocumentArgumentError, InvalidFieldNameError, InvalidTargetNameError } from './document-store.errors';

// Both patterns are strict enough that a name is safe to splice into SQL and Mongo paths as is:
// no quotes, dots, dollars or spaces can get through.
const TARGET = /^[a-z][a-z0-9_]{0,62}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
export const MAX_FIND_LIMIT = 500;

/** A value as the caller wrote it, for error messages (JSON.stringify turns NaN into "null"). */
function show(value: unknown): string {
  return typeof value === 'number' || value === undefined ? String(value) : JSON.stringify(value);
}

export function checkTarget(target: unknown): string {
  if (typeof target !== 'string' || !TARGET.test(target)) throw new InvalidTargetNameError(target);
  return target;
}

export function checkField(field: unknown, usedIn: string): string {
  if (typeof field !== 'string' || !FIELD.test(field)) throw new InvalidFieldNameError(field, usedIn);
  return field;
}

/** The spec's indexes, each a non-empty list of distinct valid field names. */
export function checkSpec(spec: CollectionSpec): string[][] {
  if (!spec || !Array.isArray(spec.indexes)) throw new InvalidDocumentArgumentError('spec.indexes', 'must be an array of field lists');
  return spec.indexes.map((fields, i) => {
    if (!Array.isArray(fields) || fields.length === 0) throw new InvalidDocumentArgumentError(`spec.indexes[${i}]`, 'must list at least one field');
    fields.forEach((f, j) => checkField(f, `spec.indexes[${i}][${j}]`));
    if (new Set(fields).size !== fields.length) throw new InvalidDocumentArgumentError(`spec.indexes[${i}]`, 'names a field twice');
    return [...fields];
  });
}

export interface CheckedQuery {
  /** Sorted by field name, so equal filters give equal cursor scopes. */
  where: [string, Scalar][];
  orderBy?: { field: string; direction: 'asc' | 'desc' };
  cursor?: string;
  limit: number;
}

export function checkFindQuery(query: FindQuery): CheckedQuery {
  if (!query || typeof query !== 'object') throw new InvalidDocumentArgumentError('query', 'must be an object');
  const { limit } = query;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_FIND_LIMIT) {
    throw new InvalidDocumentArgumentError('limit', `must be an integer from 1 to ${MAX_FIND_LIMIT} (got ${show(limit)})`);
  }
  const where = Object.entries(query.where ?? {}).map(([field, value]): [string, Scalar] => {
    checkField(field, 'where');
    const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw new InvalidDocumentArgumentError(`where.${field}`, `must be a string, a finite number or a boolean (got ${show(value)})`);
    return [field, value];
  });
  where.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let orderBy: CheckedQuery['orderBy'];
  if (query.orderBy !== undefined) {
    const { field, direction } = query.orderBy;
    checkField(field, 'orderBy.field');
    if (direction !== 'asc' && direction !== 'desc') throw new InvalidDocumentArgumentError('orderBy.direction', `must be "asc" or "desc" (got ${show(direction)})`);
    orderBy = { field, direction };
  }
  if (query.cursor !== undefined && typeof query.cursor !== 'string') throw new InvalidDocumentArgumentError('cursor', 'must be the string from a previous page');
  return { where, orderBy, cursor: query.cursor, limit };
}

function checkPositionAndSequence(position: unknown, sequence: unknown): string | undefined {
  if (!Position.isPosition(position)) return `position must be a 32-character lowercase hex token (got ${show(position)})`;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return `sequence must be a non-negative safe integer (got ${show(sequence)})`;
  return undefined;
}

/**
 * Validates a whole batch before anything is written. An id given twice keeps only its newest
 * copy, which is what writing the copies one after another under the position guard would leave.
 */
export function checkDocuments<T>(documents: KeyedDocument<T>[]): KeyedDocument<T>[] {
  if (!Array.isArray(documents)) throw new InvalidDocumentError(-1, undefined, 'putMany takes an array of documents');
  const newest = new Map<string, KeyedDocument<T>>();
  documents.forEach((doc, i) => {
    if (!doc || typeof doc !== 'object') throw new InvalidDocumentError(i, undefined, 'must be an object');
    if (typeof doc.id !== 'string' || doc.id.length === 0 || doc.id.length > 512) throw new InvalidDocumentError(i, doc.id, 'id must be a non-empty string of at most 512 characters');
    const problem = checkPositionAndSequence(doc.position, doc.sequence);
    if (problem) throw new InvalidDocumentError(i, doc.id, problem);
    if (!doc.data || typeof doc.data !== 'object' || Array.isArray(doc.data)) throw new InvalidDocumentError(i, doc.id, 'data must be a JSON object');
    const kept = newest.get(doc.id);
    if (!kept || kept.position < doc.position) newest.set(doc.id, doc);
  });
  return [...newest.values()];
}

export function checkCheckpoint(checkpoint: TargetCheckpoint): TargetCheckpoint {
  const problem = checkPositionAndSequence(checkpoint?.position, checkpoint?.sequence);
  if (problem) throw new InvalidDocumentArgumentError('checkpoint', problem);
  return { position: checkpoint.position, sequence: checkpoint.sequence };
}

export function checkIds(ids: string[]): string[] {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw new InvalidDocumentArgumentError('ids', 'must be an array of strings');
  return [...new Set(ids)];
}
