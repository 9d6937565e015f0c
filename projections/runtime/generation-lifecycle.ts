import type { Applier } from './appliers';
import type { Projection } from './projection';
import { PROGRESS_CHANNEL, pointView, type Generation, type ProjectionRegistry } from './projection-registry';

/**
 * Switches readers from the live generation to the building one, atomically: one transaction
 * moves the live marker (and, for Postgres targets, repoints the read_models view). It refuses
 * while the building generation is behind the live one, so a reader that waited for a position
 * on the old generation never sees the new one without it.
 */
export async function promote(registry: ProjectionRegistry, projection: Projection, generation: number): Promise<boolean> {
  const client = await registry.pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ generation: number; phase: string; position: string; target: string }>(
      `select generation, phase, position, target from projections.generations
       where projection = $1 and phase in ('live', 'building') order by generation for update`,
      [projection.name],
    );
    const building = rows.find((r) => r.phase === 'building' && r.generation === generation);
    const live = rows.find((r) => r.phase === 'live');
    if (!building || (live && building.position < live.position)) {
      await client.query('rollback');
      return false;
    }
    if (live) {
      await client.query(`update projections.generations set phase = 'retired', retired_at = now(), updated_at = now() where projection = $1 and generation = $2`, [projection.name, live.generation]);
    }
    await client.query(`update projections.generations set phase = 'live', live_since = now(), updated_at = now() where projection = $1 and generation = $2`, [projection.name, generation]);
    if (projection.kind === 'postgres') await pointView(client, projection.name, building.target);
    await client.query('select pg_notify($1, $2)', [PROGRESS_CHANNEL, projection.name]);
    await client.query('commit');
    return true;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Retired generations older than the grace period: their targets are dropped, their rows kept as history. */
export async function dropRetired(registry: ProjectionRegistry, graceMs: number, applierFor: (g: Generation) => Applier | undefined): Promise<Generation[]> {
  const due = (await registry.generations()).filter((g) => g.phase === 'retired' && g.retiredAt && Date.now() - g.retiredAt.getTime() >= graceMs);
  const dropped: Generation[] = [];
  for (const g of due) {
    const applier = applierFor(g);
    if (!applier) continue; // a projection no longer in this build: leave its data for whoever still knows it
    await applier.dropTarget();
    await registry.pool.query(`update projections.generations set phase = 'dropped', updated_at = now() where projection = $1 and generation = $2 and phase = 'retired'`, [g.projection, g.generation]);
    dropped.push(g);
  }
  return dropped;
}
