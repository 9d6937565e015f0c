import type { Pool, PoolClient } from 'pg';
import type { Lease } from './generation-worker';
import { OperatorError } from './operator-errors';
import type { Generation, ProjectionRegistry, WorkerState } from './projection-registry';

type Key = Pick<Generation, 'projection' | 'generation'>;

/**
 * One operator action per projection at a time, across processes: two resets racing would each
 * remember the other's pause as the state to restore and leave the projection paused.
 */
export async function withProjectionLock<T>(pool: Pool, projection: string, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const key = `projection-operator:${projection}`;
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [key]);
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    client.release();
  }
}

/**
 * Moves a generation from one state to another only if it is still in the first, so an operator
 * never overwrites a worker that has just stopped on a dead letter. Clears the error on the way to
 * running. Returns whether it moved.
 */
export async function transition(sql: Pool | PoolClient, g: Key, from: WorkerState[], to: WorkerState): Promise<boolean> {
  const { rowCount } = await sql.query(
    `update projections.generations set state = $4, error = case when $4 = 'running' then null else error end, updated_at = now()
     where projection = $1 and generation = $2 and state = any($3::text[]) and phase in ('live', 'building')`,
    [g.projection, g.generation, from, to],
  );
  return rowCount === 1;
}

export const leaseName = (g: Key) => `projection:${g.projection}:g${g.generation}`;

/**
 * Runs `work` while no worker can touch the generation: a running generation is paused (its
 * worker leaves within the projector's poll, or after its current batch), then the generation's
 * own lease is taken, which a worker holds for as long as it runs. A generation paused here is
 * running again afterwards, whatever `work` did or threw; `work` sets any other outcome itself.
 */
export async function quiesced<T>(
  registry: ProjectionRegistry,
  lease: (name: string) => Lease,
  g: Key,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const paused = await transition(registry.pool, g, ['running'], 'paused');
  const held = lease(leaseName(g));
  try {
    if (!(await held.acquire(AbortSignal.timeout(timeoutMs)))) {
      throw new OperatorError(
        'conflict',
        'WORKER_STILL_ACTIVE',
        `The worker of ${g.projection} generation ${g.generation} did not let go within ${Math.round(timeoutMs / 1000)} s (a projector busy with a long batch, or one that cannot reach the database); nothing was changed, try again`,
      );
    }
    return await work();
  } finally {
    await held.release();
    if (paused) await transition(registry.pool, g, ['paused'], 'running');
  }
}

export async function inTransaction(pool: Pool, work: (sql: PoolClient) => Promise<void>): Promise<void> {
  const sql = await pool.connect();
  try {
    await sql.query('begin');
    await work(sql);
    await sql.query('commit');
  } catch (error) {
    await sql.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    sql.release();
  }
}
