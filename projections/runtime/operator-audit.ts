import type { Pool } from 'pg';
import { OperatorError } from './operator-errors';

/** Who acted: the token's subject and role over HTTP; `--actor` or the OS user (no role) on the CLI. */
export interface OperatorActor {
  subject: string;
  role: string | null;
  via: 'cli' | 'http';
}

export type OperatorAction = 'pause' | 'resume' | 'reset' | 'retry' | 'skip';
export type AuditOutcome = 'succeeded' | 'refused' | 'failed';

export interface AuditEntry {
  id: number;
  at: Date;
  actor: OperatorActor;
  action: OperatorAction;
  projection: string;
  /** What the operator asked for, as given (e.g. { toPosition }, { id }). */
  parameters: Record<string, unknown>;
  outcome: AuditOutcome;
  /** What changed when it succeeded; { code, message } when it was refused or failed. */
  detail: Record<string, unknown>;
}

export function assertActor(actor: OperatorActor): void {
  if (typeof actor.subject !== 'string' || !actor.subject.trim() || actor.subject.length > 200) {
    throw new OperatorError('invalid', 'INVALID_ACTOR', `The actor must be a non-empty name of at most 200 characters (got ${JSON.stringify(actor.subject)}); pass --actor <who>`, { field: 'actor' });
  }
}

interface Row {
  id: string; at: Date; actor: string; actor_role: string | null; via: 'cli' | 'http'; action: OperatorAction; projection: string;
  parameters: Record<string, unknown>; outcome: AuditOutcome; detail: Record<string, unknown>;
}

const toEntry = (r: Row): AuditEntry => ({
  id: Number(r.id), at: r.at, actor: { subject: r.actor, role: r.actor_role, via: r.via }, action: r.action, projection: r.projection,
  parameters: r.parameters, outcome: r.outcome, detail: r.detail,
});

/** The operator audit log (projections.operator_audit): append-only, newest first when read. */
export class OperatorAuditLog {
  constructor(private readonly pool: Pool) {}

  async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<AuditEntry> {
    const { rows } = await this.pool.query<Row>(
      `insert into projections.operator_audit (actor, actor_role, via, action, projection, parameters, outcome, detail)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
      [entry.actor.subject.slice(0, 200), entry.actor.role, entry.actor.via, entry.action, entry.projection.slice(0, 200), entry.parameters, entry.outcome, entry.detail],
    );
    return toEntry(rows[0]!);
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(options: { projection?: string; limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<Row>(
      `select * from projections.operator_audit
       where ($1::text is null or projection = $1) and ($2::bigint is null or id < $2)
       order by id desc limit $3`,
      [options.projection ?? null, options.before ?? null, options.limit ?? 50],
    );
    return rows.map(toEntry);
  }
}
