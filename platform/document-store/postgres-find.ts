import { createHash } from 'node:crypto';
import type { CursorPoint } from './document-cursor';
import type { CheckedQuery } from './document-validation';

export interface Sql {
  text: string;
  values: unknown[];
}

/** One part of a page's rows in page order, fetching at most `limit` of them. */
export type FindSegment = (limit: number) => Sql;

/**
 * The SQL for one page of a find, as segments to run in turn until the page is full. Documents
 * lacking the sort field come first ascending and last descending, as in MongoDB, where a missing
 * field sorts lowest. Where a cursor's successors span both kinds, they are two segments rather
 * than one OR: an OR turns the keyset comparison from an index condition into a filter, and every
 * page would scan all the rows before it. Target and field names arrive validated
 * (document-validation.ts) and are spliced in; every value travels as a parameter.
 */
export function findSegments(table: string, query: CheckedQuery, after: CursorPoint | undefined): FindSegment[] {
  const key = query.orderBy ? fieldExpr(query.orderBy.field) : undefined;
  const segment =
    (keyset: (param: (value: unknown) => string) => string | undefined, order: string): FindSegment =>
    (limit) => {
      const values: unknown[] = [];
      const param = (value: unknown) => `$${values.push(value)}`;
      const conditions = query.where.map(([field, value]) => `${fieldExpr(field)} = ${param(JSON.stringify(value))}::jsonb`);
      const extra = keyset(param);
      if (extra) conditions.push(extra);
      const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
      const sortKey = key ? `${key}::text` : 'null::text';
      return {
        text: `select id, position, sequence::text as sequence, data, ${sortKey} as sort_key from ${table} ${where} order by ${order} limit ${param(limit)}`,
        values,
      };
    };

  if (!key) return [segment((p) => after && `id > ${p(after.id)}`, 'id asc')];
  const desc = query.orderBy?.direction === 'desc';
  const order = desc ? `${key} desc nulls last, id desc` : `${key} asc nulls first, id asc`;
  if (!after) return [segment(() => undefined, order)];
  if (after.key === undefined) {
    // The previous page ended among the documents that lack the field.
    const missing = segment((p) => `${key} is null and id ${desc ? '<' : '>'} ${p(after.id)}`, order);
    return desc ? [missing] : [missing, segment(() => `${key} is not null`, order)];
  }
  const rest = segment((p) => `(${key}, id) ${desc ? '<' : '>'} (${p(after.key)}::jsonb, ${p(after.id)})`, order);
  return desc ? [rest, segment(() => `${key} is null`, order)] : [rest];
}

export function fieldExpr(field: string): string {
  return `(data->'${field}')`;
}

/**
 * One index per spec entry, over the fields then id so a filtered, sorted page is read from the
 * index in order. NULLS FIRST makes a forward scan the ascending order and a backward scan the
 * descending one. The name is derived from the fields, so repeating ensureTarget finds it.
 */
export function indexDdl(schema: string, target: string, fields: string[]): string {
  const hash = createHash('sha256').update(`${target}:${fields.join(',')}`).digest('hex').slice(0, 12);
  const name = `${target.slice(0, 50)}_${hash}`;
  const columns = [...fields.map((f) => `${fieldExpr(f)} nulls first`), 'id'].join(', ');
  return `create index if not exists "${name}" on ${schema}."${target}" (${columns})`;
}
