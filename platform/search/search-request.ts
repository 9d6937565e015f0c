import { isRecord, textFields } from './index-spec';
import { SearchQueryError } from './search-errors';
import type { FieldKind, IndexSpec } from './search-store.port';

export const MAX_LIMIT = 100;
export const MAX_TEXT_LENGTH = 200;
export const MAX_TERMS = 12;
export const MAX_FACETS = 10;
/** Values returned per facet, most frequent first. */
export const FACET_SIZE = 50;

export type SortableKind = 'keyword' | 'long' | 'date';
export type SearchOrder =
  | { by: 'score' }
  | { by: 'id' }
  | { by: 'field'; field: string; kind: SortableKind; direction: 'asc' | 'desc' };

/** A query checked against its index's spec: every name known, every value of the right type. */
export interface ValidSearch {
  /** Lowercased words of `text`; empty means match everything. */
  terms: string[];
  filters: { field: string; kind: 'keyword' | 'boolean'; value: string | boolean }[];
  ranges: { field: string; gte?: number; lte?: number }[];
  facets: string[];
  order: SearchOrder;
  limit: number;
  cursor?: string;
}

const QUERY_KEYS = ['text', 'filters', 'ranges', 'facets', 'sort', 'cursor', 'limit'];

/** Splits free text into words the way both engines index it (letters and digits), lowercased, once each. */
export function tokenize(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return [...new Set(words)];
}

export function validateSearchQuery(spec: IndexSpec, query: unknown): ValidSearch {
  if (!isRecord(query)) throw new SearchQueryError('query', 'must be an object');
  const unknown = Object.keys(query).find((k) => !QUERY_KEYS.includes(k));
  if (unknown) throw new SearchQueryError(unknown, `is not a query option (${QUERY_KEYS.join(', ')})`);
  const { limit } = query;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new SearchQueryError('limit', `must be a whole number from 1 to ${MAX_LIMIT} (got ${JSON.stringify(limit)})`);
  }
  const fieldOf = (where: string, name: string, allowed: readonly FieldKind[], use: string): FieldKind => {
    const kind = spec.fields[name];
    if (!kind) throw new SearchQueryError(where, `names an unknown field; fields of this index: ${Object.keys(spec.fields).join(', ')}`);
    if (!allowed.includes(kind)) throw new SearchQueryError(where, `is a ${kind} field; ${use} accept only ${allowed.join(' or ')} fields`);
    return kind;
  };

  const terms = readTerms(spec, query.text);
  const filters: ValidSearch['filters'] = [];
  for (const [name, value] of entriesOf('filters', query.filters)) {
    const kind = fieldOf(`filters.${name}`, name, ['keyword', 'boolean'], 'filters') as 'keyword' | 'boolean';
    const expected = kind === 'keyword' ? 'string' : 'boolean';
    if (typeof value !== expected) throw new SearchQueryError(`filters.${name}`, `must be a ${expected} (got ${JSON.stringify(value)})`);
    if (kind === 'keyword' && (value as string).length > 256) throw new SearchQueryError(`filters.${name}`, 'must be at most 256 characters');
    filters.push({ field: name, kind, value: value as string | boolean });
  }
  const ranges: ValidSearch['ranges'] = [];
  for (const [name, value] of entriesOf('ranges', query.ranges)) {
    fieldOf(`ranges.${name}`, name, ['long'], 'ranges');
    ranges.push(readRange(`ranges.${name}`, name, value));
  }
  const facets = readFacets(query.facets, (where, name) => fieldOf(where, name, ['keyword'], 'facets'));
  const order = readOrder(query.sort, terms, (name) => fieldOf('sort.field', name, ['keyword', 'long', 'date'], 'sorts') as SortableKind);
  if (query.cursor !== undefined && (typeof query.cursor !== 'string' || query.cursor === '')) {
    throw new SearchQueryError('cursor', 'must be the "next" string of a previous page');
  }
  return { terms, filters, ranges, facets, order, limit, ...(query.cursor ? { cursor: query.cursor as string } : {}) };
}

function readTerms(spec: IndexSpec, text: unknown): string[] {
  if (text === undefined) return [];
  if (typeof text !== 'string') throw new SearchQueryError('text', 'must be a string');
  if (text.length > MAX_TEXT_LENGTH) throw new SearchQueryError('text', `must be at most ${MAX_TEXT_LENGTH} characters`);
  const terms = tokenize(text);
  if (terms.length > MAX_TERMS) throw new SearchQueryError('text', `must have at most ${MAX_TERMS} words`);
  if (terms.length && textFields(spec).length === 0) throw new SearchQueryError('text', 'cannot be used: this index has no text fields');
  return terms;
}

function entriesOf(where: string, value: unknown): [string, unknown][] {
  if (value === undefined) return [];
  if (!isRecord(value)) throw new SearchQueryError(where, 'must be an object keyed by field name');
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function readRange(where: string, field: string, value: unknown): ValidSearch['ranges'][number] {
  if (!isRecord(value)) throw new SearchQueryError(where, 'must be an object with gte and/or lte');
  const extra = Object.keys(value).find((k) => k !== 'gte' && k !== 'lte');
  if (extra) throw new SearchQueryError(`${where}.${extra}`, 'is not a range bound (gte, lte)');
  const range: ValidSearch['ranges'][number] = { field };
  for (const bound of ['gte', 'lte'] as const) {
    const v = value[bound];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SearchQueryError(`${where}.${bound}`, `must be a finite number (got ${JSON.stringify(v)})`);
    range[bound] = v;
  }
  if (range.gte === undefined && range.lte === undefined) throw new SearchQueryError(where, 'needs gte, lte or both');
  return range;
}

function readFacets(value: unknown, check: (where: string, name: string) => void): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SearchQueryError('facets', 'must be an array of keyword field names');
  if (value.length > MAX_FACETS) throw new SearchQueryError('facets', `must name at most ${MAX_FACETS} fields`);
  value.forEach((name, i) => {
    if (typeof name !== 'string') throw new SearchQueryError(`facets[${i}]`, 'must be a field name');
    check(`facets[${i}]`, name);
  });
  return [...new Set(value as string[])];
}

function readOrder(sort: unknown, terms: string[], kindOf: (name: string) => SortableKind): SearchOrder {
  if (sort === undefined) return terms.length ? { by: 'score' } : { by: 'id' };
  if (!isRecord(sort) || typeof sort.field !== 'string') throw new SearchQueryError('sort', 'must be { field, direction }');
  if (sort.direction !== 'asc' && sort.direction !== 'desc') throw new SearchQueryError('sort.direction', 'must be "asc" or "desc"');
  return { by: 'field', field: sort.field, kind: kindOf(sort.field), direction: sort.direction };
}
