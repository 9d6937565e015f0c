import type { Pool, PoolClient } from 'pg';
import { Position } from '../../platform/event-store/position';
import { migrate } from '../../platform/postgres/migrations';
import type { Projection, TargetKind } from './projection';
import { registryMigrations } from './registry.migrations';

export type Phase = 'building' | 'live' | 'retired' | 'dropped';
export type WorkerState = 'running' | 'paused' | 'stopped';

export interface Generation {
  projection: string;
  generation: number;
  version: number;
  kind: TargetKind;
  /** Physical table / collection / index name. */
  target: string;
  phase: Phase;
  state: WorkerState;
  /** Position of the last event applied (for document and search targets: as last mirrored from the target's own checkpoint). */
  position: Position;
  sequence: number;
  lastEventAt: Date | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  liveSince: Date | null;
  retiredAt: Date | null;
}

/** NOTIFY channel: a generation moved (payload: projection name), so waiting readers look again. */
export const PROGRESS_CHANNEL = 'commerce_projection_progress';

export const qualifiedTable = (target: string) => `read_models."${target}"`;

export const tableNames = (target: string) => ({ table: qualifiedTable(target), prefix: target, side: (suffix: string) => qualifiedTable(`${target}__${suffix}`) });

interface Row {
  projection: string; generation: number; version: number; kind: TargetKind; target: string; phase: Phase; state: WorkerState;
  position: string; sequence: string; last_event_at: Date | null; error: string | null; created_at: Date; updated_at: Date;
  live_since: Date | null; retired_at: Date | null;
}

const toGeneration = (r: Row): Generation => ({
  projection: r.projection, generation: r.generation, version: r.version, kind: r.kind, target: r.target, phase: r.phase,
  state: r.state, position: Position.parse(r.position), sequence: Number(r.sequence), lastEventAt: r.last_event_at,
  error: r.error, createdAt: r.created_at, updatedAt: r.updated_at, liveSince: r.live_since, retiredAt: r.retired_at,
});

/** The projections' bookkeeping in Postgres: generations, positions, life cycle and the live pointer. */
export class ProjectionRegistry {
  constructor(readonly pool: Pool) {}

  static migrate(pool: Pool): Promise<number[]> {
    return migrate(pool, 'projections', registryMigrations);
  }

  async generations(projection?: string): Promise<Generation[]> {
    const { rows } = await this.pool.query<Row>(
      `select * from projections.generations where ($1::text is null or projection = $1) order by projection, generation`,
      [projection ?? null],
    );
    return rows.map(toGeneration);
  }

  async generation(projection: string, generation: number): Promise<Generation | null> {
    const { rows } = await this.pool.query<Row>('select * from projections.generations where projection = $1 and generation = $2', [projection, generation]);
    return rows[0] ? toGeneration(rows[0]) : null;
  }

  async live(projection: string): Promise<Generation | null> {
    const { rows } = await this.pool.query<Row>(`select * from projections.generations where projection = $1 and phase = 'live'`, [projection]);
    return rows[0] ? toGeneration(rows[0]) : null;
  }

  async building(projection: string): Promise<Generation | null> {
    const { rows } = await this.pool.query<Row>(`select * from projections.generations where projection = $1 and phase = 'building'`, [projection]);
    return rows[0] ? toGeneration(rows[0]) : null;
  }

  /**
   * Adds the next generation of a projection. The first one is live straight away (there is
   * nothing to switch from); later ones are built beside the live one. Returns the existing
   * building generation instead when there is one, so concurrent callers share one rebuild.
   */
  async addGeneration(projection: Projection): Promise<Generation> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [`projection-registry:${projection.name}`]);
      const { rows } = await client.query<Row>(
        `select * from projections.generations where projection = $1 and phase in ('building', 'live') order by generation`,
        [projection.name],
      );
      const existing = rows.map(toGeneration);
      const building = existing.find((g) => g.phase === 'building');
      if (building) {
        await client.query('commit');
        return building;
      }
      const { rows: next } = await client.query<{ n: number }>(
        'select coalesce(max(generation), 0) + 1 as n from projections.generations where projection = $1',
        [projection.name],
      );
      const generation = next[0]!.n;
      const phase: Phase = existing.some((g) => g.phase === 'live') ? 'building' : 'live';
      const { rows: created } = await client.query<Row>(
        `insert into projections.generations (projection, generation, version, kind, target, phase, live_since)
         values ($1, $2, $3, $4, $5, $6, case when $6 = 'live' then now() end) returning *`,
        [projection.name, generation, projection.version, projection.kind, `${projection.name}_g${generation}`, phase],
      );
      if (phase === 'live' && projection.kind === 'postgres') {
        await client.query(projection.createTable(tableNames(created[0]!.target)));
        await pointView(client, projection.name, created[0]!.target);
      }
      await client.query('commit');
      return toGeneration(created[0]!);
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Records progress; in the caller's transaction for Postgres targets. Never moves backwards. */
  async savePosition(sql: Pool | PoolClient, g: Pick<Generation, 'projection' | 'generation'>, position: Position, sequence: number, lastEventAt: Date | null): Promise<void> {
    await sql.query(
      `update projections.generations set position = $3, sequence = $4, last_event_at = coalesce($5, last_event_at), updated_at = now()
       where projection = $1 and generation = $2 and position < $3`,
      [g.projection, g.generation, position, sequence, lastEventAt],
    );
  }

  /**
   * savePosition as one SQL statement with its values inlined (escaped), for a caller that sends
   * it together with other statements in one simple query (the Postgres applier: checkpoint,
   * NOTIFY and commit in one round trip).
   */
  savePositionSql(sql: Pick<PoolClient, 'escapeLiteral'>, g: Pick<Generation, 'projection' | 'generation'>, position: Position, sequence: number, lastEventAt: Date | null): string {
    const at = lastEventAt ? `${sql.escapeLiteral(lastEventAt.toISOString())}::timestamptz` : 'null';
    const to = sql.escapeLiteral(Position.parse(position));
    return (
      `update projections.generations set position = ${to}, sequence = ${safeInteger(sequence)}, last_event_at = coalesce(${at}, last_event_at), updated_at = now() ` +
      `where projection = ${sql.escapeLiteral(g.projection)} and generation = ${safeInteger(g.generation)} and position < ${to}`
    );
  }

  /** Sets the checkpoint back (an operator's reset); the only write that moves a position backwards. */
  async rewind(g: Pick<Generation, 'projection' | 'generation'>, position: Position, sequence: number): Promise<void> {
    await this.pool.query(
      'update projections.generations set position = $3, sequence = $4, last_event_at = null, updated_at = now() where projection = $1 and generation = $2',
      [g.projection, g.generation, position, sequence],
    );
  }

  async notifyProgress(projection: string): Promise<void> {
    await this.pool.query('select pg_notify($1, $2)', [PROGRESS_CHANNEL, projection]);
  }

  /** Takes a generation out of service (readers already elsewhere); its target is dropped after the grace period. */
  async retire(g: Pick<Generation, 'projection' | 'generation'>): Promise<void> {
    await this.pool.query(
      `update projections.generations set phase = 'retired', retired_at = now(), updated_at = now() where projection = $1 and generation = $2 and phase in ('building', 'live')`,
      [g.projection, g.generation],
    );
  }

  async setState(g: Pick<Generation, 'projection' | 'generation'>, state: WorkerState, error: string | null = null): Promise<void> {
    await this.pool.query(
      'update projections.generations set state = $3, error = $4, updated_at = now() where projection = $1 and generation = $2',
      [g.projection, g.generation, state, error],
    );
  }
}

function safeInteger(n: number): number {
  if (!Number.isSafeInteger(n)) throw new Error(`Expected an integer, got ${n}`);
  return n;
}

/** Readers query read_models.<name>; pointing it at a generation's table is the atomic switch for Postgres targets. */
export async function pointView(sql: PoolClient, name: string, target: string): Promise<void> {
  await sql.query(`drop view if exists read_models."${name}"`);
  await sql.query(`create view read_models."${name}" as select * from ${qualifiedTable(target)}`);
}
