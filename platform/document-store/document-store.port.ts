import type { KeyedDocument, KeyedDocumentSink } from '../read-models/keyed-documents.port';

/** Fields of a document collection that queries filter or sort on; each gets an index. */
export interface CollectionSpec {
  /** Each entry is one (compound) index over top-level fields of `data`, e.g. [['customerId', 'placedAt']]. */
  indexes: string[][];
}

export type Scalar = string | number | boolean;

export interface FindQuery {
  /** Equality on top-level fields of `data`; all must match. */
  where?: Record<string, Scalar>;
  /** One top-level field of `data`; ties are broken by document id in the same direction. */
  orderBy?: { field: string; direction: 'asc' | 'desc' };
  /** Opaque cursor from a previous page's `next`. */
  cursor?: string;
  /** 1..500 */
  limit: number;
}

export interface FindPage<T> {
  items: KeyedDocument<T>[];
  /** Cursor for the next page; absent on the last page. */
  next?: string;
}

/**
 * The document store port (MongoDB in production; jsonb tables in the embedded Postgres).
 * Targets are physical collection names (a projection's name plus its generation); which one
 * readers use is decided by the projection registry, not by the store.
 */
export interface DocumentStore<T = unknown> extends KeyedDocumentSink<T, CollectionSpec> {
  get(target: string, id: string): Promise<KeyedDocument<T> | null>;
  find(target: string, query: FindQuery): Promise<FindPage<T>>;
  /** Number of documents in the target (for status pages and tests). */
  count(target: string): Promise<number>;
}
