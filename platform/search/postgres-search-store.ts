import { Pool, type PoolClient } from 'pg';
import { Position } from '../event-store/position';
import type { Logger } from '../logger';
import { migrate } from '../postgres/migrations';
import type { KeyedDocument, TargetCheckpoint } from '../read-models/keyed-documents.port';
import { assertTargetName, normalizeIndexSpec, sameSpec } from './index-spec';
import { assertCheckpoint, assertIds, prepareDocuments } from './search-arguments';
import { decodeCursor, encodeCursor, queryFingerprint, type SortValues } from './search-cursor';
import { IndexSpecConflictError, SearchTargetNotFoundError } from './search-errors';
import { validateSearchQuery, type SearchOrder } from './search-request';
import type { IndexSpec, SearchHit, SearchPage, SearchQuery, SearchStore } from './search-store.port';
import { searchMigrations } from './postgres-search.migrations';
import { putSql, searchSql, table, targetDdl, wordsTable } from './postgres-search-sql';

export interface PostgresSearchStoreOptions {
  /** A pool the caller owns (close() leaves it open); or give `connectionString` and the store makes and ends its own. */
  pool?: Pool;
  connectionString?: string;
}

/** Names of the store's own tables in the `search` schema. */
const RESERVED = ['targets', 'checkpoints'];
const UNDEFINED_TABLE = '42P01';

interface HitRow {
  id: string;
  position: string;
  sequence: number;
  data: unknown;
  score: number;
  k: string | null;
}

/**
 * The search port on Postgres full-text search: one table per target with a weighted tsvector
 * (GIN), a per-target vocabulary with a trigram index for typo correction, and expression indexes
 * for the keyword, long and date fields that filters, ranges and sorts use.
 */
export class PostgresSearchStore<T = unknown> implements SearchStore<T> {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly specs = new Map<string, IndexSpec>();

  constructor(options: PostgresSearchStoreOptions) {
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else if (options.connectionString) {
      this.pool = new Pool({ connectionString: options.connectionString });
      this.ownsPool = true;
    } else {
      throw new Error('PostgresSearchStore needs a pool or a connectionString');
    }
  }

  /** Creates or upgrades the `search` schema (and the pg_trgm extension); safe to call from every process at start. */
  static migrate(pool: Pool, log?: Logger): Promise<number[]> {
    return migrate(pool, 'search', searchMigrations, log);
  }

  async ensureTarget(target: string, spec: IndexSpec): Promise<void> {
    assertTargetName(target, RESERVED);
    const wanted = normalizeIndexSpec(spec);
    await this.inTargetTransaction(target, async (client) => {
      const { rows } = await client.query<{ spec: IndexSpec }>('select spec from search.targets where name = $1', [target]);
      if (rows[0]) {
        if (!sameSpec(rows[0].spec, wanted)) throw new IndexSpecConflictError(target);
        return;
      }
      await client.query(targetDdl(target, wanted));
      await client.query('insert into search.targets (name, spec) values ($1, $2)', [target, wanted]);
    });
    this.specs.set(target, wanted);
  }

  async dropTarget(target: string): Promise<void> {
    assertTargetName(target, RESERVED);
    this.specs.delete(target);
    await this.inTargetTransaction(target, async (client) => {
      await client.query(`drop table if exists ${table(target)}, ${wordsTable(target)}`);
      await client.query('delete from search.targets where name = $1', [target]);
      await client.query('delete from search.checkpoints where target = $1', [target]);
    });
  }

  async get(target: string, id: string): Promise<KeyedDocument<T> | null> {
    return (await this.getMany(target, [id])).get(id) ?? null;
  }

  async getMany(target: string, ids: string[]): Promise<Map<string, KeyedDocument<T>>> {
    assertTargetName(target, RESERVED);
    assertIds(ids);
    const found = new Map<string, KeyedDocument<T>>();
    if (ids.length === 0) return found;
    const { rows } = await this.query<{ id: string; position: string; sequence: string; data: T }>(
      target,
      `select id, position, sequence::text as sequence, data from ${table(target)} where id = any($1::text[])`,
      [ids],
    );
    for (const r of rows) found.set(r.id, { id: r.id, position: r.position as Position, sequence: Number(r.sequence), data: r.data });
    return found;
  }

  async putMany(target: string, documents: KeyedDocument<T>[]): Promise<number> {
    assertTargetName(target, RESERVED);
    const docs = prepareDocuments<T>(documents);
    if (docs.length === 0) return 0;
    const { rows } = await this.query<{ written: number }>(target, putSql(target), [
      docs.map((d) => d.id),
      docs.map((d) => d.position),
      docs.map((d) => d.sequence),
      docs.map((d) => JSON.stringify(d.data)),
    ]);
    return rows[0]!.written;
  }

  async search(target: string, query: SearchQuery): Promise<SearchPage<T>> {
    assertTargetName(target, RESERVED);
    const spec = await this.specOf(target);
    const search = validateSearchQuery(spec, query);
    const fingerprint = queryFingerprint(target, search);
    const after = search.cursor ? decodeCursor(search.cursor, fingerprint, acceptsAfter(search.order)) : undefined;
    const { text, values } = searchSql(target, spec, search, after);
    const { rows } = await this.query<{ total: number; hits: HitRow[]; facets: SearchPage<T>['facets'] }>(target, text, values);
    const { total, hits, facets } = rows[0]!;
    const page = hits.slice(0, search.limit);
    const last = page.at(-1);
    return {
      hits: page.map((h): SearchHit<T> => ({ id: h.id, position: h.position as Position, sequence: Number(h.sequence), data: h.data as T, score: h.score })),
      total,
      facets,
      ...(hits.length > search.limit && last ? { next: encodeCursor([last.k, last.id], fingerprint) } : {}),
    };
  }

  /** Writes are visible to the next statement once committed. */
  async refresh(target: string): Promise<void> {
    assertTargetName(target, RESERVED);
  }

  async loadCheckpoint(target: string): Promise<TargetCheckpoint | null> {
    assertTargetName(target, RESERVED);
    const { rows } = await this.pool.query<{ position: string; sequence: string }>(
      'select position, sequence::text as sequence from search.checkpoints where target = $1',
      [target],
    );
    return rows[0] ? { position: Position.parse(rows[0].position), sequence: Number(rows[0].sequence) } : null;
  }

  async saveCheckpoint(target: string, checkpoint: TargetCheckpoint): Promise<void> {
    assertTargetName(target, RESERVED);
    assertCheckpoint(checkpoint);
    await this.pool.query(
      `insert into search.checkpoints (target, position, sequence) values ($1, $2, $3)
       on conflict (target) do update set position = excluded.position, sequence = excluded.sequence, updated_at = now()
       where search.checkpoints.sequence < excluded.sequence`,
      [target, checkpoint.position, checkpoint.sequence],
    );
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  private async specOf(target: string): Promise<IndexSpec> {
    const known = this.specs.get(target);
    if (known) return known;
    const { rows } = await this.pool.query<{ spec: IndexSpec }>('select spec from search.targets where name = $1', [target]);
    if (!rows[0]) throw new SearchTargetNotFoundError(target);
    const spec = normalizeIndexSpec(rows[0].spec);
    this.specs.set(target, spec);
    return spec;
  }

  /** Runs a statement on a target's table; a missing table means the target was never ensured or was dropped. */
  private async query<R extends object>(target: string, text: string, values: unknown[]): Promise<{ rows: R[] }> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) {
        this.specs.delete(target);
        throw new SearchTargetNotFoundError(target);
      }
      throw error;
    }
  }

  /** Creating and dropping a target are serialized per target across processes. */
  private async inTargetTransaction(target: string, work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select pg_advisory_xact_lock(hashtext('search.target:' || $1))`, [target]);
      await work(client);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** The cursor of an order carries [sort key as text or null, id]; anything else was not made here. */
function acceptsAfter(order: SearchOrder): (values: SortValues) => boolean {
  return ([key, id, ...rest]) => {
    if (rest.length || typeof id !== 'string') return false;
    if (order.by === 'id') return key === null;
    if (order.by === 'score') return typeof key === 'string' && Number.isFinite(Number(key)) && key.trim() !== '';
    if (key === null) return true;
    return typeof key === 'string' && (order.kind !== 'long' || /^-?\d+(\.\d+)?$/.test(key));
  };
}
