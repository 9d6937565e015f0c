import { Inject, Injectable } from '@nestjs/common';
import type { QueryResultRow } from 'pg';
import { qualifiedTable } from '../projections/runtime/projection-registry';
import type { ReadSide } from '../projections/read-side';
import { ReadModelUnavailableError } from './read-errors';
import { READ_SIDE } from './read-side.token';

const UNDEFINED_TABLE = '42P01';
const TARGET_TTL_MS = 1000;

/**
 * Where each read model lives right now. Postgres models are read through their view, which the
 * registry repoints atomically on a rebuild; document and search models through the live
 * generation's physical target, cached for a second. A replaced target is dropped only after a
 * grace period of minutes, so a reader holding a second-old name still reads a complete model.
 */
@Injectable()
export class LiveReadModels {
  private readonly targets = new Map<string, { target: string; until: number }>();

  constructor(@Inject(READ_SIDE) private readonly side: ReadSide) {}

  async target(projection: string): Promise<string> {
    const cached = this.targets.get(projection);
    if (cached && cached.until > Date.now()) return cached.target;
    const live = await this.side.registry.live(projection);
    if (!live) throw new ReadModelUnavailableError(projection);
    this.targets.set(projection, { target: live.target, until: Date.now() + TARGET_TTL_MS });
    return live.target;
  }

  /** Rows from `read_models.<projection>` (the view over the live generation); `$view` in the SQL names it. */
  async rows<R extends QueryResultRow>(projection: string, sql: string, values: unknown[]): Promise<R[]> {
    try {
      const { rows } = await this.side.runtime.db.pool.query<R>(sql.replaceAll('$view', qualifiedTable(projection)), values);
      return rows;
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) throw new ReadModelUnavailableError(projection);
      throw error;
    }
  }
}
