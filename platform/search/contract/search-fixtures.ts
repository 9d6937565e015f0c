import { randomBytes } from 'node:crypto';
import { Position } from '../../event-store/position';
import type { KeyedDocument } from '../../read-models/keyed-documents.port';
import type { IndexSpec, SearchStore } from '../search-store.port';

/** What an adapter's test file supplies to run the shared contract against it. */
export interface SearchContractHarness {
  /** The store under test. Called once per suite. */
  createStore(): Promise<SearchStore<Product>>;
  /** Removes whatever the run left behind (databases, indices). */
  dispose(): Promise<void>;
}

export interface Product {
  sku: string;
  name: string;
  description: string;
  category?: string;
  priceMinor?: number;
  currency: string;
  orderable: boolean;
}

export const productSpec: IndexSpec = {
  fields: { sku: 'keyword', name: 'text', description: 'text', category: 'keyword', priceMinor: 'long', currency: 'keyword', orderable: 'boolean' },
  boosts: { name: 3, description: 1 },
};

let counter = 0;
/** A fresh target per test, so tests never see each other's documents (and need no cleanup between them). */
export function uniqueTarget(prefix = 'contract'): string {
  return `${prefix}_${(counter++).toString(36)}_${randomBytes(4).toString('hex')}`;
}

export const position = (n: number): Position => Position.encode(1n, BigInt(n));

export function doc(id: string, sequence: number, data: Partial<Product> = {}): KeyedDocument<Product> {
  return { id, position: position(sequence), sequence, data: { sku: id, name: `Item ${id}`, description: '', currency: 'EUR', orderable: true, ...data } };
}

type Row = [id: string, name: string, description: string, category: string | undefined, priceMinor: number | undefined, orderable?: boolean];
const rows: Row[] = [
  ['p01', 'Wireless keyboard', 'Compact mechanical keyboard with backlit keys', 'keyboards', 4999],
  ['p02', 'Wired keyboard', 'Full size keyboard with a numeric pad', 'keyboards', 2999],
  ['p03', 'Wireless mouse', 'Ergonomic mouse with silent clicks', 'mice', 1999],
  ['p04', 'USB cable', 'Braided cable, one metre', 'cables', 999],
  ['p05', 'Desk mat', 'Large felt mat that fits a keyboard and a mouse, with a cable groove', 'accessories', 1500],
  ['p06', 'Monitor stand', 'Raises the screen to eye level', 'accessories', 5000],
  ['p07', 'Gaming mouse', 'Fast sensor and programmable buttons', 'mice', 1000],
  ['p08', 'Laptop sleeve', 'Padded sleeve for a thirteen inch laptop', 'accessories', 2500, false],
  ['p09', 'Headphones', 'Closed headphones with a detachable cable', 'audio', 8900],
  ['p10', 'Webcam', 'Full HD camera with a privacy shutter', 'video', undefined],
  ['p11', 'Microphone', 'Studio microphone on a small tripod', undefined, 6500],
  ['p12', 'Keycap set', 'Spare caps for mechanical keyboards', 'keyboards', 1500],
];

/** A small catalogue; each document at its own sequence. */
export const catalogue: KeyedDocument<Product>[] = rows.map(([id, name, description, category, priceMinor, orderable = true], i) =>
  doc(id, i + 1, { sku: id, name, description, ...(category ? { category } : {}), ...(priceMinor !== undefined ? { priceMinor } : {}), orderable }),
);

export async function seededTarget(store: SearchStore<Product>, documents = catalogue): Promise<string> {
  const target = uniqueTarget('catalogue');
  await store.ensureTarget(target, productSpec);
  await store.putMany(target, documents);
  await store.refresh(target);
  return target;
}

/** Every hit of a query, page by page, with the pages' `next` cursors. */
export async function allPages(store: SearchStore<Product>, target: string, query: Parameters<SearchStore['search']>[1]) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.search(target, { ...query, ...(cursor ? { cursor } : {}) });
    ids.push(...page.hits.map((h) => h.id));
    cursor = page.next;
    pages++;
    if (pages > 50) throw new Error('pagination did not end');
  } while (cursor);
  return { ids, pages };
}
