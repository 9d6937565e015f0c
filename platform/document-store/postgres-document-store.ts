import type { Pool, PoolClient } from 'pg';
import type { Position } from '../event-store/position';
import type { Logger } from '../logger';
import { migrate, type Migration } from '../postgres/migrations';
import type { KeyedDocument, TargetCheckpoint } from '../read-models/keyed-documents.port';
import { decodeCursor, encodeCursor } from './document-cursor';
import type { CollectionSpec, DocumentStore, FindPage, FindQuery } from './document-store.port';
import { UnknownTargetError } from './document-store.errors';
import { checkCheckpoint, checkDocuments, checkFindQuery, checkIds, checkSpec, checkTarget } from './document-validation';
import { findSegments, indexDdl } from './postgres-find';

const SCHEMA = 'documents';
// A leading underscore is something no target name can have, so no target can shadow this table.
const CHECKPOINTS = `${SCHEMA}._checkpoints`;

const migrations: Migration[] = [
  {
    version: 1,
    name: 'schema and target checkpoints',
    sql: `
create schema if not exists ${SCHEMA};
create table ${CHECKPOINTS} (
  target text primary key,
  position text collate "C" not null,
  sequence bigint not null,
  updated_at timestamptz not null default now()
);`,
  },
];

const UNDEFINED_TABLE = '42P01';

interface Row {
  id: string;
  position: string;
  sequence: string;
  data: unknown;
}

/**
 * The embedded default document store: one jsonb table per target in the `documents` schema.
 * Reading a target that does not exist gives nothing, as in MongoDB; writing to one is an error,
 * because its indexes come from ensureTarget.
 */
export class PostgresDocumentStore<T = unknown> implements DocumentStore<T> {
  private migrated?: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly log?: Logger,
  ) {}

  static migrate(pool: Pool, log?: Logger): Promise<number[]> {
    return migrate(pool, 'documents', migrations, log);
  }

  async ensureTarget(target: string, spec: CollectionSpec): Promise<void> {
    const table = tableOf(target);
    const indexes = checkSpec(spec);
    await this.transaction(async (client) => {
      // Two projector processes starting together would otherwise race on the catalog and one of
      // them fail on a duplicate type name.
      await client.query(`select pg_advisory_xact_lock(hashtext('documents.ensureTarget'), hashtext($1))`, [target]);
      await client.query(
        `create table if not exists ${table} (
          id text collate "C" primary key,
          position text collate "C" not null,
          sequence bigint not null,
          data jsonb not null)`,
      );
      for (const fields of indexes) await client.query(indexDdl(SCHEMA, target, fields));
    });
    this.log?.debug('document target ready', { target, indexes: indexes.length });
  }

  async dropTarget(target: string): Promise<void> {
    const table = tableOf(target);
    await this.transaction(async (client) => {
      await client.query(`drop table if exists ${table}`);
      await client.query(`delete from ${CHECKPOINTS} where target = $1`, [target]);
    });
  }

  async get(target: string, id: string): Promise<KeyedDocument<T> | null> {
    const [found] = (await this.getMany(target, [id])).values();
    return found ?? null;
  }

  async getMany(target: string, ids: string[]): Promise<Map<string, KeyedDocument<T>>> {
    const table = tableOf(target);
    const wanted = checkIds(ids);
    const found = new Map<string, KeyedDocument<T>>();
    if (wanted.length === 0) return found;
    const rows = await this.read<Row>(`select id, position, sequence::text as sequence, data from ${table} where id = any($1::text[])`, [wanted]);
    for (const row of rows) found.set(row.id, toDocument<T>(row));
    return found;
  }

  async putMany(target: string, documents: KeyedDocument<T>[]): Promise<number> {
    const table = tableOf(target);
    const batch = checkDocuments(documents);
    if (batch.length === 0) return 0;
    const rows = batch.map((d) => ({ id: d.id, position: d.position, sequence: d.sequence, data: d.data }));
    await this.assertMigrated();
    try {
      // One statement for the batch; the WHERE on the conflict branch is the position guard, and
      // rowCount counts only the rows it let through.
      const result = await this.pool.query(
        `insert into ${table} as stored (id, position, sequence, data)
         select id, position, sequence, data
           from jsonb_to_recordset($1::jsonb) as x(id text, position text, sequence bigint, data jsonb)
         on conflict (id) do update set position = excluded.position, sequence = excluded.sequence, data = excluded.data
         where stored.position < excluded.position`,
        [JSON.stringify(rows)],
      );
      return result.rowCount ?? 0;
    } catch (error) {
      if (codeOf(error) === UNDEFINED_TABLE) throw new UnknownTargetError(target);
      throw error;
    }
  }

  async find(target: string, query: FindQuery): Promise<FindPage<T>> {
    const table = tableOf(target);
    const checked = checkFindQuery(query);
    const after = checked.cursor === undefined ? undefined : decodeCursor(target, checked, checked.cursor);
    const rows: (Row & { sort_key: string | null })[] = [];
    // One row beyond the page says whether there is a next one.
    for (const segment of findSegments(table, checked, after)) {
      const { text, values } = segment(checked.limit + 1 - rows.length);
      rows.push(...(await this.read<Row & { sort_key: string | null }>(text, values)));
      if (rows.length > checked.limit) break;
    }
    const items = rows.slice(0, checked.limit).map((row) => toDocument<T>(row));
    if (rows.length <= checked.limit) return { items };
    const last = rows[checked.limit - 1]!;
    const point = checked.orderBy && last.sort_key !== null ? { id: last.id, key: last.sort_key } : { id: last.id };
    return { items, next: encodeCursor(target, checked, point) };
  }

  async count(target: string): Promise<number> {
    const table = tableOf(target);
    const rows = await this.read<{ n: string }>(`select count(*)::text as n from ${table}`, []);
    return Number(rows[0]?.n ?? 0);
  }

  async loadCheckpoint(target: string): Promise<TargetCheckpoint | null> {
    checkTarget(target);
    await this.assertMigrated();
    const { rows } = await this.pool.query<{ position: string; sequence: string }>(`select position, sequence::text as sequence from ${CHECKPOINTS} where target = $1`, [
      target,
    ]);
    const row = rows[0];
    return row ? { position: row.position as Position, sequence: Number(row.sequence) } : null;
  }

  async saveCheckpoint(target: string, checkpoint: TargetCheckpoint): Promise<void> {
    checkTarget(target);
    const { position, sequence } = checkCheckpoint(checkpoint);
    await this.assertMigrated();
    await this.pool.query(
      `insert into ${CHECKPOINTS} as stored (target, position, sequence) values ($1, $2, $3)
       on conflict (target) do update set position = excluded.position, sequence = excluded.sequence, updated_at = now()
       where stored.position < excluded.position`,
      [target, position, sequence],
    );
  }

  /** The pool belongs to whoever passed it in; there is nothing of ours to release. */
  async close(): Promise<void> {}

  /** A read of a target that does not exist yet finds nothing rather than failing. */
  private async read<R extends object>(text: string, values: unknown[]): Promise<R[]> {
    await this.assertMigrated();
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      if (codeOf(error) === UNDEFINED_TABLE) return [];
      throw error;
    }
  }

  /**
   * A missing schema and a missing target look alike to Postgres (both "relation does not
   * exist"), so the schema is confirmed once, up front, to tell a missing migration apart.
   */
  private assertMigrated(): Promise<void> {
    this.migrated ??= this.pool.query<{ found: string | null }>(`select to_regclass('${CHECKPOINTS}')::text as found`).then(({ rows }) => {
      if (!rows[0]?.found) throw new Error('The documents schema does not exist: run PostgresDocumentStore.migrate(pool) first (createDocumentStore does it)');
    });
    // A failed check is not remembered: the migration may run later.
    return this.migrated.catch((error: unknown) => {
      this.migrated = undefined;
      throw error;
    });
  }

  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    await this.assertMigrated();
    const client = await this.pool.connect();
    try {
      await client.query('begin');
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

function tableOf(target: string): string {
  return `${SCHEMA}."${checkTarget(target)}"`;
}

function toDocument<T>(row: Row): KeyedDocument<T> {
  return { id: row.id, position: row.position as Position, sequence: Number(row.sequence), data: row.data as T };
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}
