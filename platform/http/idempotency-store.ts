import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { canonicalJson } from '../event-store/hash-chain';
import { migrate, type Migration } from '../postgres/migrations';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface IdempotencyRecord extends StoredResponse {
  requestHash: string;
}

const migrations: Migration[] = [
  {
    version: 1,
    name: 'idempotency keys',
    sql: `
create schema if not exists idempotency;
create table idempotency.requests (
  principal text not null,
  key text not null,
  request_hash text not null,
  status int not null,
  body jsonb not null,
  headers jsonb not null,
  created_at timestamptz not null default now(),
  primary key (principal, key)
);
create index requests_created_at on idempotency.requests (created_at);`,
  },
];

/** What makes two requests "the same": method, path and the canonical body. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`).digest('hex');
}

/**
 * The first successful response per (caller, Idempotency-Key), kept at least `retentionHours`.
 * Keys are scoped to the caller so two clients choosing the same key never see each other's data.
 */
export class IdempotencyStore {
  constructor(
    private readonly pool: Pool,
    readonly retentionHours = 24,
  ) {}

  static migrate(pool: Pool): Promise<number[]> {
    return migrate(pool, 'idempotency', migrations);
  }

  async find(principal: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { rows } = await this.pool.query<{ request_hash: string; status: number; body: unknown; headers: Record<string, string> }>(
      `select request_hash, status, body, headers from idempotency.requests
       where principal = $1 and key = $2 and created_at > now() - make_interval(hours => $3)`,
      [principal, key, this.retentionHours],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, status: row.status, body: row.body, headers: row.headers } : undefined;
  }

  /** Keeps the first response; a concurrent duplicate computed the same result, so losing the race is fine. */
  async save(principal: string, key: string, hash: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `insert into idempotency.requests (principal, key, request_hash, status, body, headers) values ($1, $2, $3, $4, $5, $6)
       on conflict (principal, key) do update set request_hash = excluded.request_hash, status = excluded.status,
         body = excluded.body, headers = excluded.headers, created_at = now()
       where idempotency.requests.created_at <= now() - make_interval(hours => $7)`,
      [principal, key, hash, response.status, JSON.stringify(response.body), JSON.stringify(response.headers), this.retentionHours],
    );
  }

  /** Drops keys older than twice the retention; returns how many. */
  async prune(): Promise<number> {
    const result = await this.pool.query(`delete from idempotency.requests where created_at < now() - make_interval(hours => $1)`, [this.retentionHours * 2]);
    return result.rowCount ?? 0;
  }
}
