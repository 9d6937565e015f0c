import type { estypes } from '@elastic/elasticsearch';
import type { Position } from '../event-store/position';
import { textFields } from './index-spec';
import { encodeCursor, type SortValues } from './search-cursor';
import { FACET_SIZE, type SearchOrder, type ValidSearch } from './search-request';
import type { FieldKind, IndexSpec, SearchHit, SearchPage } from './search-store.port';

/*
 * The Elasticsearch adapter's request bodies and response readers, kept free of I/O so they can
 * be checked without a cluster. Documents are stored as { id, position, sequence, data }.
 */

export interface StoredDocument<T = unknown> {
  id: string;
  position: Position;
  sequence: number;
  data: T;
}

const PROPERTY: Record<FieldKind, estypes.MappingProperty> = {
  // Indexed prefixes make the per-word prefix clause a term lookup instead of a term-dictionary scan.
  text: { type: 'text', index_prefixes: { min_chars: 1, max_chars: 10 } },
  keyword: { type: 'keyword', ignore_above: 256 },
  long: { type: 'long' },
  boolean: { type: 'boolean' },
  date: { type: 'date' },
};

/** The index mapping for a spec; the spec itself rides along in `_meta` so any process can search by it. */
export function indexMapping(spec: IndexSpec): estypes.MappingTypeMapping {
  const data = Object.fromEntries(Object.entries(spec.fields).map(([field, kind]) => [field, PROPERTY[kind]]));
  return {
    dynamic: false,
    _meta: { spec: spec as unknown as Record<string, unknown> },
    properties: {
      id: { type: 'keyword' },
      position: { type: 'keyword' },
      sequence: { type: 'long' },
      data: { type: 'object', dynamic: false, properties: data },
    },
  };
}

export const checkpointMapping: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: { target: { type: 'keyword' }, position: { type: 'keyword' }, sequence: { type: 'long' } },
};

/**
 * Moves a checkpoint forward only, atomically on the document. Not external versioning: a
 * deleted document's version outlives it (index.gc_deletes), so a target rebuilt after dropTarget
 * could not save its lower sequences for a while.
 */
export const FORWARD_ONLY_CHECKPOINT = `
if (ctx._source.sequence == null || ctx._source.sequence < params.sequence) {
  ctx._source.position = params.position;
  ctx._source.sequence = params.sequence;
} else {
  ctx.op = 'noop';
}`;

/*
 * Explicit stand-ins for a missing sort value, placed last in either direction. The defaults
 * (Long.MAX_VALUE for numbers, null for keywords) do not survive a cursor: JavaScript rounds the
 * former, and search_after refuses null. Dates descending use the epoch, since a negative
 * epoch-millis value fails date parsing (elastic/elasticsearch#77448); catalogue dates are later.
 */
const MISSING: Record<'keyword' | 'long' | 'date', Record<'asc' | 'desc', string | number>> = {
  keyword: { asc: '\u{10FFFF}', desc: '' },
  long: { asc: Number.MAX_SAFE_INTEGER, desc: -Number.MAX_SAFE_INTEGER },
  date: { asc: Number.MAX_SAFE_INTEGER, desc: 0 },
};

function sortOf(order: SearchOrder): estypes.SortCombinations[] {
  if (order.by === 'score') return [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }];
  if (order.by === 'id') return [{ id: { order: 'asc' } }];
  return [{ [`data.${order.field}`]: { order: order.direction, missing: MISSING[order.kind][order.direction] } }, { id: { order: order.direction } }];
}

/**
 * Every word must match in some text field, as a whole word (scored), within AUTO fuzziness,
 * or as a prefix; boosts weigh the fields. Filters and ranges do not score.
 */
function queryOf(spec: IndexSpec, search: ValidSearch): estypes.QueryDslQueryContainer {
  const fields = textFields(spec).map((f) => `data.${f.field}^${f.boost}`);
  const must: estypes.QueryDslQueryContainer[] = search.terms.map((term) => ({
    bool: {
      should: [{ multi_match: { query: term, fields, fuzziness: 'AUTO' } }, { multi_match: { query: term, fields, type: 'bool_prefix' } }],
      minimum_should_match: 1,
    },
  }));
  const filter: estypes.QueryDslQueryContainer[] = [
    ...search.filters.map((f) => ({ term: { [`data.${f.field}`]: f.value } })),
    ...search.ranges.map((r) => ({
      range: { [`data.${r.field}`]: { ...(r.gte !== undefined ? { gte: r.gte } : {}), ...(r.lte !== undefined ? { lte: r.lte } : {}) } },
    })),
  ];
  if (!must.length && !filter.length) return { match_all: {} };
  return { bool: { ...(must.length ? { must } : {}), ...(filter.length ? { filter } : {}) } };
}

export function searchRequest(index: string, spec: IndexSpec, search: ValidSearch, after?: SortValues): estypes.SearchRequest {
  return {
    index,
    query: queryOf(spec, search),
    sort: sortOf(search.order),
    size: search.limit + 1,
    track_total_hits: true,
    ...(search.order.by === 'field' && search.terms.length ? { track_scores: true } : {}),
    ...(after ? { search_after: after as estypes.SortResults } : {}),
    ...(search.facets.length
      ? {
          aggs: Object.fromEntries(
            search.facets.map((f) => [`facet_${f}`, { terms: { field: `data.${f}`, size: FACET_SIZE, order: [{ _count: 'desc' as const }, { _key: 'asc' as const }] } }]),
          ),
        }
      : {}),
  };
}

/** The hits of one page; one hit more than the limit was asked for, to know whether a next page exists. */
export function readSearchResponse<T>(response: estypes.SearchResponse<StoredDocument<T>>, search: ValidSearch, fingerprint: string): SearchPage<T> {
  const hits = response.hits.hits;
  const page = hits.slice(0, search.limit);
  const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
  const facets: SearchPage<T>['facets'] = {};
  for (const f of search.facets) {
    const agg = response.aggregations?.[`facet_${f}`] as estypes.AggregationsStringTermsAggregate | undefined;
    const buckets = Array.isArray(agg?.buckets) ? agg.buckets : [];
    facets[f] = buckets.map((b) => ({ value: String(b.key), count: b.doc_count }));
  }
  const last = page.at(-1);
  return {
    hits: page.map((h): SearchHit<T> => {
      const { id, position, sequence, data } = h._source!;
      return { id, position, sequence, data, score: h._score ?? 0 };
    }),
    total,
    facets,
    ...(hits.length > search.limit && last?.sort ? { next: encodeCursor(last.sort as SortValues, fingerprint) } : {}),
  };
}

/** A cursor of this adapter carries the last hit's [sort value, id]. */
export function acceptsSortValues(values: SortValues): boolean {
  const [key, id, ...rest] = values;
  return rest.length === 0 && typeof id === 'string' && (typeof key === 'string' || typeof key === 'number');
}

export interface BulkOutcome {
  written: number;
  skipped: number;
  failures: { id: string; status: number; type: string; reason: string }[];
}

/** Reads a bulk response of external-version index actions: 409 means a newer copy is stored (skipped), anything else failed. */
export function bulkOutcome(items: estypes.BulkResponse['items']): BulkOutcome {
  const outcome: BulkOutcome = { written: 0, skipped: 0, failures: [] };
  for (const item of items) {
    const result = item.index ?? item.create ?? item.update ?? item.delete;
    if (!result) continue;
    if (result.status >= 200 && result.status < 300) outcome.written++;
    else if (result.status === 409 && result.error?.type === 'version_conflict_engine_exception') outcome.skipped++;
    else outcome.failures.push({ id: String(result._id), status: result.status, type: result.error?.type ?? 'unknown', reason: result.error?.reason ?? '' });
  }
  return outcome;
}
