import type { Pool } from 'pg';
import { QueryBatcher } from '../event-store/postgres/query-batcher';
import { migrate, type Migration } from '../postgres/migrations';

const migrations: Migration[] = [
  {
    version: 1,
    name: 'deadlines',
    sql: `
create schema if not exists processing;
create table processing.deadlines (
  process text not null,
  key text not null,
  kind text not null,
  due_at timestamptz not null,
  next_fire_at timestamptz not null,
  attempts int not null default 0,
  primary key (process, key, kind)
);
create index deadlines_next_fire on processing.deadlines (process, next_fire_at);`,
  },
];

interface StatedDeadlines {
  process: string;
  key: string;
  deadlines: { kind: string; at: string }[];
}

export interface Deadline {
  key: string;
  kind: string;
  dueAt: string;
  attempts: number;
}

const RETRY_SECONDS = [5, 15, 30, 60, 300];

/**
 * Replaces the deadlines of the processes and keys in ($1, $2) with the rows ($3 … $6). The stored
 * deadlines of each key are found in a LATERAL subquery that cannot be flattened (OFFSET 0), so the
 * connection's generic plan looks them up by key: as a plain join, a plan made while the table was
 * small (a process manager just started) hashed the keys and scanned the whole table, and kept
 * doing so on every call while open orders filled it. The arrays go in through sub-selects: a plan
 * that cannot see how many rows they hold costs the same as the generic one, so the connection
 * settles on the generic plan after five custom ones instead of planning every call again (planning
 * this statement takes several times as long as running it).
 */
export const REPLACE_SQL = `with input as (
    select * from unnest((select $3::text[]), (select $4::text[]), (select $5::text[]), (select $6::timestamptz[])) as u(process, key, kind, at)),
  gone as (
    delete from processing.deadlines d where (d.process, d.key, d.kind) in (
      select x.process, x.key, x.kind
      from unnest((select $1::text[]), (select $2::text[])) as k(process, key)
      cross join lateral (select s.process, s.key, s.kind from processing.deadlines s where s.process = k.process and s.key = k.key offset 0) x
      where not exists (select 1 from input i where i.process = x.process and i.key = x.key and i.kind = x.kind))
  )
  insert into processing.deadlines (process, key, kind, due_at, next_fire_at)
  select process, key, kind, at, at from input
  on conflict (process, key, kind) do update set due_at = excluded.due_at, next_fire_at = excluded.next_fire_at, attempts = 0
  where processing.deadlines.due_at <> excluded.due_at`;

/**
 * Due deadlines of process $1, at most $2, pushed back by the retry backoff. Run by every scheduler
 * pass, busy or not; its parameters go in through sub-selects for the reason given at REPLACE_SQL.
 */
export const CLAIM_DUE_SQL = `update processing.deadlines d set attempts = d.attempts + 1,
    next_fire_at = now() + make_interval(secs => (array[${RETRY_SECONDS.join(',')}])[least(d.attempts + 1, ${RETRY_SECONDS.length})])
  where (process, key, kind) in (
    select process, key, kind from processing.deadlines where process = (select $1::text) and next_fire_at <= now()
    order by next_fire_at limit (select $2::int) for update skip locked)
  returning d.key, d.kind, d.due_at, d.attempts`;

/**
 * Timers for long-running processes, kept in Postgres so they survive restarts. A process states
 * the deadlines it currently has (replace); the scheduler fires due ones and, while a deadline is
 * still stated after firing, fires it again with backoff.
 */
export class DeadlineStore {
  private readonly writes: QueryBatcher<StatedDeadlines, void>;

  constructor(private readonly pool: Pool) {
    this.writes = new QueryBatcher(2, 200, async (calls) => {
      const rows = calls.flatMap((c) => c.deadlines.map((d) => ({ ...c, ...d })));
      await this.pool.query({
        name: 'deadlines_replace',
        text: REPLACE_SQL,
        values: [calls.map((c) => c.process), calls.map((c) => c.key), rows.map((r) => r.process), rows.map((r) => r.key), rows.map((r) => r.kind), rows.map((r) => r.at)],
      });
      return calls.map(() => undefined);
    });
  }

  static migrate(pool: Pool): Promise<number[]> {
    return migrate(pool, 'deadlines', migrations);
  }

  /**
   * Deadlines no longer stated go, new or moved ones are (re)armed, unchanged ones keep their
   * retry state. Calls made while others run share one statement (many orders move at once).
   */
  replace(process: string, key: string, deadlines: { kind: string; at: string }[]): Promise<void> {
    return this.writes.submit({ process, key, deadlines });
  }

  /** Due deadlines, pushed back by the retry backoff so another scheduler pass does not fire them again at once. */
  async claimDue(process: string, limit = 100): Promise<Deadline[]> {
    const { rows } = await this.pool.query<{ key: string; kind: string; due_at: Date; attempts: number }>({ name: 'deadlines_claim_due', text: CLAIM_DUE_SQL, values: [process, limit] });
    return rows.map((r) => ({ key: r.key, kind: r.kind, dueAt: r.due_at.toISOString(), attempts: r.attempts }));
  }
}
