import { Inject, Injectable } from '@nestjs/common';
import type { QueryResultRow } from 'pg';
import { statementName } from '../platform/postgres/statement-name';
import { qualifiedTable } from '../projections/runtime/projection-registry';
import type { ReadSide } from '../projections/read-side';
import { ReadModelUnavailableError } from './read-errors';
import { READ_SIDE } from './read-side.token';

const UNDEFINED_TABLE = '42P01';
/** Postgres refuses a prepared statement whose result columns changed since it was prepared. */
const CACHED_PLAN_CHANGED = '0A000';
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
  /** The prepared statement of each SQL text run through `rows`. */
  private readonly statements = new Map<string, { name: string; epoch: number }>();

  constructor(@Inject(READ_SIDE) private readonly side: ReadSide) {}

  async target(projection: string): Promise<string> {
    const cached = this.targets.get(projection);
    if (cached && cached.until > Date.now()) return cached.target;
    const live = await this.side.registry.live(projection);
    if (!live) throw new ReadModelUnavailableError(projection);
    this.targets.set(projection, { target: live.target, until: Date.now() + TARGET_TTL_MS });
    return live.target;
  }

  /**
   * Rows from `read_models.<projection>` (the view over the live generation); `$view` in the SQL
   * names it. The SQL must be a fixed text (values only as parameters): each text becomes a
   * prepared statement on every pooled connection, planned once rather than on every request.
   */
  async rows<R extends QueryResultRow>(projection: string, sql: string, values: unknown[]): Promise<R[]> {
    const text = sql.replaceAll('$view', qualifiedTable(projection));
    try {
      return await this.prepared<R>(text, values);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === UNDEFINED_TABLE) throw new ReadModelUnavailableError(projection);
      if (code !== CACHED_PLAN_CHANGED) throw error;
      // A rebuild repointed the view at a generation with other columns: the statement prepared
      // against the old ones is refused. The same text under a new name is prepared afresh.
      this.statements.set(text, statementFor(text, this.statements.get(text)!.epoch + 1));
      return this.prepared<R>(text, values);
    }
  }

  private async prepared<R extends QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = statementFor(text, 0)));
    const { rows } = await this.side.runtime.db.pool.query<R>({ name: statement.name, text, values });
    return rows;
  }
}

/** A prepared statement's name for an SQL text; `epoch` moves on each time the text has to be prepared again. */
function statementFor(text: string, epoch: number): { name: string; epoch: number } {
  return { name: `${statementName('read', text)}_${epoch}`, epoch };
}
