import { InvalidIndexSpecError, InvalidSearchTargetError } from './search-errors';
import type { FieldKind, IndexSpec } from './search-store.port';

const KINDS: readonly FieldKind[] = ['text', 'keyword', 'long', 'boolean', 'date'];
const MAX_TARGET_LENGTH = 48;
// Lowercase words joined by single underscores: valid as an Elasticsearch index name and as a
// Postgres identifier, and no target can spell another's helper objects (`<target>__words`).
const TARGET = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const FIELD = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

export function assertTargetName(target: unknown, reserved: readonly string[] = []): asserts target is string {
  if (typeof target !== 'string' || !TARGET.test(target)) {
    throw new InvalidSearchTargetError(target, 'use lowercase letters and digits in words joined by single underscores, starting with a letter (e.g. product_search_g2)');
  }
  if (target.length > MAX_TARGET_LENGTH) throw new InvalidSearchTargetError(target, `must be at most ${MAX_TARGET_LENGTH} characters`);
  if (reserved.includes(target)) throw new InvalidSearchTargetError(target, 'is reserved by the store itself; choose another name');
}

/** Validates a spec and returns it in one canonical shape (sorted keys, explicit boosts), so two equal specs compare equal. */
export function normalizeIndexSpec(spec: unknown): IndexSpec {
  if (!isRecord(spec) || !isRecord(spec.fields)) throw new InvalidIndexSpecError('fields', 'must be an object mapping field names to kinds');
  const extra = Object.keys(spec).filter((k) => k !== 'fields' && k !== 'boosts');
  if (extra.length) throw new InvalidIndexSpecError(extra[0]!, 'is not part of an index spec (fields, boosts)');
  const names = Object.keys(spec.fields).sort();
  if (names.length === 0) throw new InvalidIndexSpecError('fields', 'must name at least one field');
  const fields: Record<string, FieldKind> = {};
  for (const name of names) {
    if (!FIELD.test(name)) throw new InvalidIndexSpecError(`fields.${name}`, 'is not a valid field name (a letter, then letters, digits or underscores)');
    const kind = spec.fields[name];
    if (!KINDS.includes(kind as FieldKind)) throw new InvalidIndexSpecError(`fields.${name}`, `has kind ${JSON.stringify(kind)}; use one of ${KINDS.join(', ')}`);
    fields[name] = kind as FieldKind;
  }
  if (spec.boosts !== undefined && !isRecord(spec.boosts)) throw new InvalidIndexSpecError('boosts', 'must be an object mapping text fields to weights');
  const given = (spec.boosts ?? {}) as Record<string, unknown>;
  for (const [name, boost] of Object.entries(given)) {
    if (fields[name] !== 'text') throw new InvalidIndexSpecError(`boosts.${name}`, 'boosts only apply to text fields of this spec');
    if (typeof boost !== 'number' || !Number.isFinite(boost) || boost <= 0 || boost > 1000) {
      throw new InvalidIndexSpecError(`boosts.${name}`, 'must be a number above 0 and at most 1000');
    }
  }
  const boosts: Record<string, number> = {};
  for (const name of names) if (fields[name] === 'text') boosts[name] = (given[name] as number | undefined) ?? 1;
  return { fields, boosts };
}

export function sameSpec(a: IndexSpec, b: IndexSpec): boolean {
  return JSON.stringify(normalizeIndexSpec(a)) === JSON.stringify(normalizeIndexSpec(b));
}

/** The text fields with their boosts, highest boost first (ties by name). */
export function textFields(spec: IndexSpec): { field: string; boost: number }[] {
  return Object.entries(spec.fields)
    .filter(([, kind]) => kind === 'text')
    .map(([field]) => ({ field, boost: spec.boosts?.[field] ?? 1 }))
    .sort((a, b) => b.boost - a.boost || (a.field < b.field ? -1 : 1));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
