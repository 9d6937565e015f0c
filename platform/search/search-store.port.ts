import type { KeyedDocument, KeyedDocumentSink } from '../read-models/keyed-documents.port';

/** How each top-level field of an indexed document is searched. */
export type FieldKind = 'text' | 'keyword' | 'long' | 'boolean' | 'date';

export interface IndexSpec {
  /** e.g. { name: 'text', description: 'text', category: 'keyword', priceMinor: 'long', orderable: 'boolean' } */
  fields: Record<string, FieldKind>;
  /** Relative weight of text fields in scoring, e.g. { name: 3, description: 1 }; default 1 each. */
  boosts?: Record<string, number>;
}

export interface SearchQuery {
  /** Free text over every 'text' field; tolerant of typos and prefixes. Absent or blank: match all. */
  text?: string;
  /** Exact matches on 'keyword' / 'boolean' fields; all must match. */
  filters?: Record<string, string | boolean>;
  /** Inclusive numeric ranges on 'long' fields. */
  ranges?: Record<string, { gte?: number; lte?: number }>;
  /** 'keyword' fields to count values of over the whole match (ignoring the page). */
  facets?: string[];
  /** Default: by relevance when `text` is given, else by document id ascending. */
  sort?: { field: string; direction: 'asc' | 'desc' };
  cursor?: string;
  /** 1..100 */
  limit: number;
}

export interface SearchHit<T> extends KeyedDocument<T> {
  score: number;
}

export interface SearchPage<T> {
  hits: SearchHit<T>[];
  /** Total number of matches (exact up to at least 10,000). */
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
  next?: string;
}

/**
 * The search port (Elasticsearch in production; Postgres full-text search with pg_trgm in the
 * embedded default). Targets are physical index names; see DocumentStore for the registry note.
 */
export interface SearchStore<T = unknown> extends KeyedDocumentSink<T, IndexSpec> {
  get(target: string, id: string): Promise<KeyedDocument<T> | null>;
  search(target: string, query: SearchQuery): Promise<SearchPage<T>>;
  /** Makes every write so far visible to search (Elasticsearch refresh); a no-op where writes are visible at once. */
  refresh(target: string): Promise<void>;
}
