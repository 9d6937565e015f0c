import type { Pool } from 'pg';
import type { Logger } from '../logger';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies a component's migrations in version order, once each, under an advisory lock so that
 * several processes starting together do not race. Each component (event store, projections,
 * idempotency, ...) owns its own numbered list; applied versions are recorded per component.
 */
export async function migrate(pool: Pool, component: string, migrations: Migration[], log?: Logger): Promise<number[]> {
  const versions = migrations.map((m) => m.version);
  if (new Set(versions).size !== versions.length) throw new Error(`${component}: duplicate migration versions`);
  const client = await pool.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtext('commerce_migrations'))`);
    await client.query(`create table if not exists public.commerce_migrations (
      component text not null, version int not null, name text not null,
      applied_at timestamptz not null default now(), primary key (component, version))`);
    const done = new Set(
      (await client.query<{ version: number }>('select version from public.commerce_migrations where component = $1', [component])).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query('insert into public.commerce_migrations (component, version, name) values ($1, $2, $3)', [component, m.version, m.name]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${component} v${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(m.version);
      log?.info('applied migration', { component, version: m.version, name: m.name });
    }
    return applied;
  } finally {
    await client.query(`select pg_advisory_unlock(hashtext('commerce_migrations'))`).catch(() => undefined);
    client.release();
  }
}
