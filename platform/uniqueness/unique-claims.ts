import type { Pool } from 'pg';
import { migrate, type Migration } from '../postgres/migrations';

const migrations: Migration[] = [
  {
    version: 1,
    name: 'unique claims',
    sql: `
create schema if not exists uniqueness;
create table uniqueness.claims (
  scope text not null,
  value text not null,
  owner text not null,
  claimed_at timestamptz not null default now(),
  primary key (scope, value)
);
create index claims_owner on uniqueness.claims (scope, owner);`,
  },
];

/**
 * Set-wide rules ("sku unique", "email unique") that no single stream can decide. A value is
 * claimed for an owner before the owner's first event is appended; claiming again for the same
 * owner succeeds (retries), for another owner it reports who holds it. Lives in Postgres whatever
 * the event store, and can be rebuilt from ProductDefined / CustomerRegistered events.
 */
export class UniqueClaims {
  constructor(private readonly pool: Pool) {}

  static migrate(pool: Pool): Promise<number[]> {
    return migrate(pool, 'uniqueness', migrations);
  }

  /** Returns undefined when the value is now (or already was) the owner's, else the current owner. */
  async claim(scope: string, value: string, owner: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ owner: string }>(
      `with inserted as (
         insert into uniqueness.claims (scope, value, owner) values ($1, $2, $3) on conflict do nothing returning owner
       )
       select owner from inserted union all select owner from uniqueness.claims where scope = $1 and value = $2 limit 1`,
      [scope, value, owner],
    );
    const holder = rows[0]?.owner;
    return holder === owner ? undefined : holder;
  }

  /** Gives a value back, e.g. when the owner's first append failed. Only the owner's claim is removed. */
  async release(scope: string, value: string, owner: string): Promise<void> {
    await this.pool.query('delete from uniqueness.claims where scope = $1 and value = $2 and owner = $3', [scope, value, owner]);
  }

  async ownerOf(scope: string, value: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ owner: string }>('select owner from uniqueness.claims where scope = $1 and value = $2', [scope, value]);
    return rows[0]?.owner;
  }

  /** Moves a claim to a new value for the same owner (an email change), atomically. */
  async move(scope: string, from: string, to: string, owner: string): Promise<string | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const inserted = await client.query(`insert into uniqueness.claims (scope, value, owner) values ($1, $2, $3) on conflict do nothing`, [scope, to, owner]);
      if (inserted.rowCount === 0) {
        const holder = (await client.query<{ owner: string }>('select owner from uniqueness.claims where scope = $1 and value = $2', [scope, to])).rows[0]?.owner;
        await client.query('rollback');
        return holder === owner ? undefined : holder;
      }
      await client.query('delete from uniqueness.claims where scope = $1 and value = $2 and owner = $3', [scope, from, owner]);
      await client.query('commit');
      return undefined;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
