import type { Pool, PoolClient } from 'pg';
import type { ProjectedEvent } from './projection';

export interface DeadLetter {
  id: number;
  projection: string;
  generation: number;
  position: string;
  eventId: string;
  eventType: string;
  streamId: string;
  error: string;
  attempts: number;
  status: 'pending' | 'retried' | 'skipped';
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

interface Row {
  id: string; projection: string; generation: number; position: string; event_id: string; event_type: string; stream_id: string;
  error: string; attempts: number; status: DeadLetter['status']; created_at: Date; resolved_at: Date | null; resolved_by: string | null;
}

const toDeadLetter = (r: Row): DeadLetter => ({
  id: Number(r.id), projection: r.projection, generation: r.generation, position: r.position, eventId: r.event_id,
  eventType: r.event_type, streamId: r.stream_id, error: r.error, attempts: r.attempts, status: r.status,
  createdAt: r.created_at, resolvedAt: r.resolved_at, resolvedBy: r.resolved_by,
});

/** Events a projection's handler failed on, with the error, for operators to retry or skip. */
export class DeadLetters {
  constructor(private readonly pool: Pool) {}

  async record(projection: string, generation: number, event: ProjectedEvent, error: unknown, attempts: number, status: 'pending' | 'skipped'): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.pool.query(
      `insert into projections.dead_letters (projection, generation, position, event_id, event_type, stream_id, error, attempts, status, resolved_at, resolved_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, case when $9 = 'skipped' then now() end, case when $9 = 'skipped' then 'policy:skip' end)`,
      [projection, generation, event.position, event.eventId, event.type, event.streamId, message.slice(0, 4000), attempts, status],
    );
  }

  async list(projection?: string, status?: DeadLetter['status']): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<Row>(
      `select * from projections.dead_letters where ($1::text is null or projection = $1) and ($2::text is null or status = $2) order by id`,
      [projection ?? null, status ?? null],
    );
    return rows.map(toDeadLetter);
  }

  async get(id: number): Promise<DeadLetter | null> {
    const { rows } = await this.pool.query<Row>('select * from projections.dead_letters where id = $1', [id]);
    return rows[0] ? toDeadLetter(rows[0]) : null;
  }

  /** Marks pending dead letters resolved, in the caller's transaction; returns the ids it changed. */
  async resolve(sql: Pool | PoolClient, ids: number[], status: 'retried' | 'skipped', by: string): Promise<number[]> {
    const { rows } = await sql.query<{ id: string }>(
      `update projections.dead_letters set status = $2, resolved_at = now(), resolved_by = $3 where id = any($1::bigint[]) and status = 'pending' returning id`,
      [ids, status, by],
    );
    return rows.map((r) => Number(r.id));
  }

  async pendingCounts(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ projection: string; n: string }>(
      `select projection, count(*) as n from projections.dead_letters where status = 'pending' group by projection`,
    );
    return new Map(rows.map((r) => [r.projection, Number(r.n)]));
  }
}
