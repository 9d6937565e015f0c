import { textFields } from './index-spec';
import type { SortValues } from './search-cursor';
import { FACET_SIZE, type SearchOrder, type ValidSearch } from './search-request';
import type { FieldKind, IndexSpec } from './search-store.port';

/*
 * SQL for the Postgres search adapter. Target and field names are interpolated only after
 * assertTargetName / normalizeIndexSpec have restricted them to [a-z0-9_] and [A-Za-z0-9_];
 * every value travels as a bind parameter.
 */

export const table = (target: string): string => `search."${target}"`;
export const wordsTable = (target: string): string => `search."${target}__words"`;
const relation = (name: string): string => `"${name.slice(0, 63)}"`;

/** Stronger boosts get earlier tsvector weight letters (A..D); a fifth distinct boost shares D. */
function weightPlan(spec: IndexSpec): { letterOf: Map<string, string>; weights: string } {
  const fields = textFields(spec);
  const levels = [...new Set(fields.map((f) => f.boost))].slice(0, 4);
  const letters = ['A', 'B', 'C', 'D'];
  const letterOf = new Map(fields.map((f) => [f.field, letters[levels.includes(f.boost) ? levels.indexOf(f.boost) : 3]!]));
  const max = levels[0] ?? 1;
  // ts_rank wants {D, C, B, A}, each in [0, 1]: the boosts relative to the strongest.
  const byLetter = letters.map((_, i) => (levels[i] === undefined ? 0.1 : levels[i]! / max));
  return { letterOf, weights: `'{${byLetter.reverse().join(',')}}'::float4[]` };
}

function tsvExpression(spec: IndexSpec): string {
  const { letterOf } = weightPlan(spec);
  const parts = [...letterOf].map(([field, letter]) => `setweight(to_tsvector('simple'::regconfig, coalesce(data->>'${field}', '')), '${letter}')`);
  return parts.length ? parts.join(' || ') : `to_tsvector('simple'::regconfig, '')`;
}

/** The typed value a field sorts, filters and ranges by; identical in the indexes and the queries so the planner can use them. */
export function keyExpression(data: string, field: string, kind: FieldKind): string {
  if (kind === 'long') return `(case when jsonb_typeof(${data}->'${field}') = 'number' then (${data}->>'${field}')::numeric end)`;
  return `((${data}->>'${field}') collate "C")`;
}

export function targetDdl(target: string, spec: IndexSpec): string {
  const keyIndexes = Object.entries(spec.fields)
    .filter(([, kind]) => kind === 'keyword' || kind === 'long' || kind === 'date')
    .map(([field, kind], i) => `create index ${relation(`${target}__k${i}_${field}`)} on ${table(target)} (${keyExpression('data', field, kind)});`);
  return `
create table ${table(target)} (
  id text collate "C" not null,
  position text not null,
  sequence bigint not null,
  data jsonb not null,
  tsv tsvector generated always as (${tsvExpression(spec)}) stored,
  constraint ${relation(`${target}__pk`)} primary key (id)
);
create index ${relation(`${target}__fts`)} on ${table(target)} using gin (tsv);
create table ${wordsTable(target)} (word text collate "C" not null, constraint ${relation(`${target}__words_pk`)} primary key (word));
create index ${relation(`${target}__words_trgm`)} on ${wordsTable(target)} using gin (word gin_trgm_ops);
${keyIndexes.join('\n')}`;
}

/**
 * One statement: the guarded upsert, plus the new words of the written documents into the
 * target's vocabulary (what typo tolerance corrects against). Words are never removed; a stale
 * one only widens a query with a term that matches nothing.
 */
export function putSql(target: string): string {
  return `
with input as (
  select * from unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[]) as i(id, position, sequence, data)
), written as (
  insert into ${table(target)} as d (id, position, sequence, data)
  select id, position, sequence, data from input order by id
  on conflict (id) do update set position = excluded.position, sequence = excluded.sequence, data = excluded.data
  where d.sequence < excluded.sequence
  returning d.tsv
), vocabulary as (
  insert into ${wordsTable(target)} (word)
  select distinct l.lexeme from written, unnest(written.tsv) l where length(l.lexeme) between 3 and 64 order by 1
  on conflict do nothing
)
select count(*)::int as written from written`;
}

/**
 * Each word matches as a prefix, or as one of the five closest vocabulary words: the trigram
 * index proposes similar words (pg_trgm's threshold, 0.3 by default) and an edit distance keeps
 * those within Elasticsearch's AUTO fuzziness (1 edit for 3-5 letters, 2 beyond). So "keyb" and
 * "keybaord" both find "keyboard", and "wireless" does not turn into "wired". Every word must
 * match somewhere. `prefix` and `exact` only add rank, so whole words
 * beat prefixes and both beat corrections.
 */
function termsQuery(target: string, terms: string): string {
  return `
select (select string_agg(c.clause, ' & ' order by c.ord) from (
          select t.ord, '(''' || t.term || ''':*' || coalesce((
            select string_agg(' | ' || plainto_tsquery('simple', w.word)::text, '' order by w.sim desc, w.word)
            from (select c.word, c.sim from (
                    select v.word, similarity(v.word, t.term) as sim from ${wordsTable(target)} v
                    where length(t.term) >= 3 and v.word % t.term and left(v.word, length(t.term)) <> t.term
                      and numnode(plainto_tsquery('simple', v.word)) > 0
                    order by sim desc, v.word limit 50) c
                  where search.edit_distance(c.word, t.term) <= case when length(t.term) <= 5 then 1 else 2 end
                  order by search.edit_distance(c.word, t.term), c.sim desc, c.word limit 5) w), '') || ')' as clause
          from unnest(${terms}) with ordinality as t(term, ord)) c)::tsquery as match,
       (select string_agg('''' || t.term || ''':*', ' | ') from unnest(${terms}) as t(term))::tsquery as prefix,
       (select string_agg('''' || t.term || '''', ' | ') from unnest(${terms}) as t(term))::tsquery as exact`;
}

function orderBy(order: SearchOrder, at: string): string {
  if (order.by === 'score') return `${at}score desc, ${at}id asc`;
  if (order.by === 'id') return `${at}id asc`;
  return `${at}k ${order.direction} nulls last, ${at}id ${order.direction}`;
}

/** Rows strictly after the last hit of the previous page, in the same order (missing sort values last). */
function afterCondition(order: SearchOrder, after: SortValues, p: (v: unknown) => string): string {
  const [key, id] = after;
  const idParam = p(id);
  if (order.by === 'id') return `m.id > ${idParam}`;
  if (order.by === 'score') {
    const k = p(key);
    return `(m.score < ${k}::real or (m.score = ${k}::real and m.id > ${idParam}))`;
  }
  const [cmp, idCmp] = order.direction === 'asc' ? ['>', '>'] : ['<', '<'];
  if (key === null) return `(m.k is null and m.id ${idCmp} ${idParam})`;
  const k = `${p(key)}${order.kind === 'long' ? '::numeric' : ''}`;
  return `(m.k ${cmp} ${k} or (m.k = ${k} and m.id ${idCmp} ${idParam}) or m.k is null)`;
}

export function searchSql(target: string, spec: IndexSpec, search: ValidSearch, after?: SortValues): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown): string => `$${values.push(v)}`;
  const where: string[] = [];
  const ctes: string[] = [];
  let score = '0::real';
  if (search.terms.length) {
    ctes.push(`q as (${termsQuery(target, `${p(search.terms)}::text[]`)})`);
    where.push('d.tsv @@ (select match from q)');
    const w = weightPlan(spec).weights;
    score = `(ts_rank(${w}, d.tsv, (select match from q)) + ts_rank(${w}, d.tsv, (select prefix from q)) + ts_rank(${w}, d.tsv, (select exact from q)))`;
  }
  for (const f of search.filters) {
    where.push(f.kind === 'boolean' ? `d.data->'${f.field}' = ${p(JSON.stringify(f.value))}::jsonb` : `${keyExpression('d.data', f.field, 'keyword')} = ${p(f.value)}`);
  }
  for (const r of search.ranges) {
    const key = keyExpression('d.data', r.field, 'long');
    if (r.gte !== undefined) where.push(`${key} >= ${p(r.gte)}::numeric`);
    if (r.lte !== undefined) where.push(`${key} <= ${p(r.lte)}::numeric`);
  }
  const { order } = search;
  const key = order.by === 'field' ? keyExpression('d.data', order.field, order.kind) : 'null::text';
  const facetColumns = search.facets.map((f, i) => `, ${keyExpression('d.data', f, 'keyword')} as f${i}`).join('');
  ctes.push(`m as materialized (
  select d.id, ${score} as score, ${key} as k${facetColumns}
  from ${table(target)} d ${where.length ? `where ${where.join(' and ')}` : ''})`);
  const facets = search.facets.map(
    (f, i) => `'${f}', (select coalesce(json_agg(json_build_object('value', x.v, 'count', x.c) order by x.c desc, x.v), '[]'::json)
      from (select m.f${i} as v, count(*) as c from m where m.f${i} is not null group by m.f${i} order by count(*) desc, m.f${i} limit ${FACET_SIZE}) x)`,
  );
  const text = `with ${ctes.join(',\n')}
select (select count(*) from m)::int as total,
  (select coalesce(json_agg(json_build_object('id', p.id, 'position', p.position, 'sequence', p.sequence, 'data', p.data, 'score', p.score, 'k', ${order.by === 'score' ? 'p.score' : 'p.k'}::text) order by ${orderBy(order, 'p.')}), '[]'::json)
   from (select m.id, m.score, m.k, d.position, d.sequence, d.data from m join ${table(target)} d on d.id = m.id
         ${after ? `where ${afterCondition(order, after, p)}` : ''}
         order by ${orderBy(order, 'm.')} limit ${p(search.limit + 1)}) p) as hits,
  ${facets.length ? `json_build_object(${facets.join(',\n  ')})` : `'{}'::json`} as facets`;
  return { text, values };
}
