import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run tests through jest (test/global-setup.ts starts Postgres)');
  return url;
}

/** A fresh, empty database on the test server, so test files never see each other's data. */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 40 });
  pool.on('error', () => undefined);
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      const c = new Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * The plan Postgres keeps for `sql` as a prepared statement on a long-lived connection (its generic
 * plan, made without seeing the parameters), as EXPLAIN's text. `sql` casts each of its
 * parameters; `args` is the SQL of the arguments to execute it with.
 */
export async function genericPlan(pool: Pool, sql: string, args: string): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('set plan_cache_mode = force_generic_plan');
    await client.query(`prepare generic_plan as ${sql}`);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain execute generic_plan(${args})`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('deallocate all; reset plan_cache_mode');
    client.release();
  }
}
