import { randomBytes } from 'node:crypto';
import { Position } from '../../event-store/position';
import type { KeyedDocument } from '../../read-models/keyed-documents.port';
import type { DocumentStore, FindPage, FindQuery } from '../document-store.port';

/** What an adapter's test file supplies to run the shared contract against it. */
export interface DocumentStoreHarness {
  /** The store under test. Called once per suite. */
  createStore(): Promise<DocumentStore>;
  /** The targets that physically exist, so the contract can prove a refused call created nothing. */
  listTargets(): Promise<string[]>;
  dispose(): Promise<void>;
}

export type Data = Record<string, unknown>;

let counter = 0;
/** A fresh target per test, so tests share a store without seeing each other's documents. */
export function uniqueTarget(prefix = 'contract'): string {
  return `${prefix}_${(counter++).toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** The position of the n-th event of an imaginary stream; later n, later position. */
export function at(n: number): Position {
  return Position.encode(7n, BigInt(n));
}

export function doc(id: string, n: number, data: Data): KeyedDocument<Data> {
  return { id, position: at(n), sequence: n, data };
}

/** Every page of a query, following `next` until the last page, with a guard against loops. */
export async function allPages(store: DocumentStore, target: string, query: FindQuery): Promise<FindPage<unknown>[]> {
  const pages: FindPage<unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.find(target, { ...query, cursor });
    pages.push(page);
    cursor = page.next;
    if (pages.length > 1000) throw new Error('find never reached a last page');
  } while (cursor !== undefined);
  return pages;
}

export function idsOf(pages: FindPage<unknown>[]): string[] {
  return pages.flatMap((p) => p.items.map((d) => d.id));
}

/** Changes one character in the middle of an opaque string, as a client editing a cursor would. */
export function tamper(cursor: string): string {
  const i = Math.floor(cursor.length / 3);
  return cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);
}

/** A stable pseudo-random order (Fisher-Yates with a fixed LCG), so write order never matches sort order. */
export function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
