import type { ReadinessCheck } from '../../platform/http/health';
import { projections } from '../../projections/catalog';
import type { ReadSide } from '../../projections/read-side';

/**
 * Readiness of the read models a role serves: fails while any of them has its live generation
 * stopped on a dead letter, naming it, since that model answers ever staler data until an
 * operator acts (a paused one is a decision an operator took, so it stays ready). Ready, it
 * lists each live generation's position, as before; models not built yet are simply absent.
 */
export function projectionsReadiness(side: ReadSide, served: string[] = projections.map((p) => p.name)): ReadinessCheck {
  return {
    name: 'projections',
    check: async () => {
      const live = (await side.registry.generations()).filter((g) => g.phase === 'live');
      const stopped = live.filter((g) => g.state === 'stopped' && served.includes(g.projection));
      if (stopped.length) {
        throw new Error(
          stopped
            .map((g) => `${g.projection} is stopped on a dead letter (${g.error ?? 'see GET /projections'}): see commerce projections dead-letters ${g.projection}, then retry or skip it`)
            .join('; '),
        );
      }
      return Object.fromEntries(live.map((g) => [g.projection, g.position]));
    },
  };
}
