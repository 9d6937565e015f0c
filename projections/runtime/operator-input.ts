import { Position } from '../../platform/event-store/position';
import type { DeadLetter } from './dead-letters';
import { OperatorError } from './operator-errors';
import type { Projection } from './projection';

/** Operator input arrives as text from a CLI flag or an HTTP request; each parser names what was wrong. */

export function knownProjection(projections: Projection[], name: unknown): Projection {
  const found = typeof name === 'string' ? projections.find((p) => p.name === name) : undefined;
  if (!found) {
    throw new OperatorError('not-found', 'PROJECTION_NOT_FOUND', `Unknown projection ${JSON.stringify(name)}: one of ${projections.map((p) => p.name).join(', ')}`, { field: 'name' });
  }
  return found;
}

export function parsePosition(value: unknown, field = 'toPosition'): Position {
  if (Position.isPosition(value)) return value;
  throw new OperatorError(
    'invalid',
    'INVALID_POSITION',
    `${field} must be a 32-character position as printed by \`commerce projections status\` or answered by a write (0 repeated 32 times for the beginning); got ${JSON.stringify(value)}`,
    { field },
  );
}

export function parseDeadLetterId(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text === 'string' && /^[1-9][0-9]{0,15}$/.test(text.trim())) return Number(text.trim());
  throw new OperatorError(
    'invalid',
    'INVALID_DEAD_LETTER_ID',
    value === undefined
      ? 'A dead letter id is required: list them with `commerce projections dead-letters <name>` (or GET /projections/{name}/dead-letters)'
      : `A dead letter id is a positive whole number as listed by \`commerce projections dead-letters <name>\`; got ${JSON.stringify(value)}`,
    { field: 'id' },
  );
}

const STATUSES = ['pending', 'retried', 'skipped'] as const;

export function parseStatus(value: unknown): DeadLetter['status'] | undefined {
  if (value === undefined) return undefined;
  if ((STATUSES as readonly unknown[]).includes(value)) return value as DeadLetter['status'];
  throw new OperatorError('invalid', 'INVALID_STATUS', `status must be one of ${STATUSES.join(', ')}; got ${JSON.stringify(value)}`, { field: 'status' });
}

/** Parameters as the operator gave them, for the audit log; long garbage is cut, not stored whole. */
export function auditParameters(parameters: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    out[key] = text.length > 200 ? `${text.slice(0, 200)}…` : value;
  }
  return out;
}
