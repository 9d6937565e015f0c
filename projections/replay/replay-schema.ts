import type { Pool, PoolClient } from 'pg';
import { Position } from '../../platform/event-store/position';
import type { ReplayProjection } from './replay-projection';

/** Where a replay stands, kept in its own schema and moved in the same transaction as each batch. */
export interface ReplayCheckpoint {
  module: string;
  moduleDigest: string;
  position: Position;
  events: number;
  lastRecordedAt: Date | null;
}

export class ReplayTargetError extends Error {
  readonly code = 'REPLAY_TARGET_REFUSED';
}

const NAME = /^[a-z][a-z0-9_]{0,47}$/;
export const CHECKPOINT_TABLE = '_replay_checkpoint';

/** `orders_per_sku` → replay_orders_per_sku; the name doubles as part of an SQL identifier, so it is checked strictly. */
export function replaySchemaName(name: string): string {
  if (!NAME.test(name)) {
    throw new ReplayTargetError(`--into ${JSON.stringify(name)} must be snake_case (a lowercase letter, then lowercase letters, digits or _), at most 48 characters, e.g. orders_per_sku`);
  }
  return `replay_${name}`;
}

export const quoted = (identifier: string) => `"${identifier}"`;

/** Postgres operations on one scratch schema: create it with the analyst's tables, read and move its checkpoint, drop it. */
export class ReplaySchema {
  readonly schema: string;
  readonly quoted: string;

  constructor(
    private readonly pool: Pool,
    readonly name: string,
  ) {
    this.schema = replaySchemaName(name);
    this.quoted = quoted(this.schema);
  }

  async drop(): Promise<void> {
    await this.pool.query(`drop schema if exists ${this.quoted} cascade`);
  }

  /** The checkpoint, or null when the schema does not exist yet; refuses a schema some other tool made. */
  async checkpoint(): Promise<ReplayCheckpoint | null> {
    const { rows } = await this.pool.query<{ schema: boolean; table: boolean }>(
      `select exists (select 1 from pg_namespace where nspname = $1) as schema, to_regclass($2) is not null as table`,
      [this.schema, `${this.quoted}.${CHECKPOINT_TABLE}`],
    );
    if (!rows[0]!.schema) return null;
    if (!rows[0]!.table) {
      throw new ReplayTargetError(`Schema ${this.schema} exists but was not made by commerce replay (it has no ${CHECKPOINT_TABLE} table): choose another --into, or pass --reset to drop it`);
    }
    const result = await this.pool.query<{ module: string; module_digest: string; position: string; events: string; last_recorded_at: Date | null }>(
      `select module, module_digest, position, events, last_recorded_at from ${this.quoted}.${CHECKPOINT_TABLE}`,
    );
    const row = result.rows[0];
    if (!row) throw new ReplayTargetError(`Schema ${this.schema} has lost its checkpoint row: pass --reset to start over`);
    return { module: row.module, moduleDigest: row.module_digest, position: Position.parse(row.position), events: Number(row.events), lastRecordedAt: row.last_recorded_at };
  }

  /** Schema, the analyst's tables and the checkpoint, all or nothing. */
  async create(projection: ReplayProjection, module: string, moduleDigest: string): Promise<ReplayCheckpoint> {
    await this.inTransaction(async (sql) => {
      await sql.query(`create schema ${this.quoted}`);
      await sql.query(projection.createTables(this.quoted));
      await sql.query(`create table ${this.quoted}.${CHECKPOINT_TABLE} (
        singleton boolean primary key default true check (singleton),
        module text not null, module_digest text not null,
        position text not null, events bigint not null, last_recorded_at timestamptz,
        created_at timestamptz not null default now(), updated_at timestamptz not null default now())`);
      await sql.query(`insert into ${this.quoted}.${CHECKPOINT_TABLE} (module, module_digest, position, events) values ($1, $2, $3, 0)`, [module, moduleDigest, Position.START]);
    });
    return { module, moduleDigest, position: Position.START, events: 0, lastRecordedAt: null };
  }

  /** The analyst changed the module: it carries on from the checkpoint under the new digest. */
  async recordModule(moduleDigest: string): Promise<void> {
    await this.pool.query(`update ${this.quoted}.${CHECKPOINT_TABLE} set module_digest = $1`, [moduleDigest]);
  }

  async saveCheckpoint(sql: PoolClient, checkpoint: Pick<ReplayCheckpoint, 'position' | 'events' | 'lastRecordedAt'>): Promise<void> {
    await sql.query(`update ${this.quoted}.${CHECKPOINT_TABLE} set position = $1, events = $2, last_recorded_at = $3, updated_at = now()`, [
      checkpoint.position,
      checkpoint.events,
      checkpoint.lastRecordedAt,
    ]);
  }

  /** Runs `work` in one transaction whose unqualified names resolve in the scratch schema only. */
  async inTransaction(work: (sql: PoolClient) => Promise<void>): Promise<void> {
    const sql = await this.pool.connect();
    try {
      await sql.query('begin');
      await sql.query(`set local search_path to ${this.quoted}`);
      await work(sql);
      await sql.query('commit');
    } catch (error) {
      await sql.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      sql.release();
    }
  }

  /** Tables and views the analyst can query, views first (they are usually the answer), for the closing hint. */
  async tables(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm') and c.relname <> $2
       order by c.relkind in ('v', 'm') desc, c.relname`,
      [this.schema, CHECKPOINT_TABLE],
    );
    return rows.map((r) => r.name);
  }
}
