import type { estypes } from '@elastic/elasticsearch';
import { bulkOutcome, indexMapping, readSearchResponse, searchRequest } from './elasticsearch-search-query';
import { normalizeIndexSpec } from './index-spec';
import { decodeCursor } from './search-cursor';
import { validateSearchQuery } from './search-request';
import type { SearchQuery } from './search-store.port';

const spec = normalizeIndexSpec({
  fields: { sku: 'keyword', name: 'text', description: 'text', category: 'keyword', priceMinor: 'long', orderable: 'boolean', addedAt: 'date' },
  boosts: { name: 3 },
});
const request = (query: SearchQuery, after?: (string | number)[]) => searchRequest('products_g1', spec, validateSearchQuery(spec, query), after);

describe('Elasticsearch search requests', () => {
  it('maps each field kind and keeps the spec in _meta', () => {
    const mapping = indexMapping(spec);
    expect(mapping._meta).toEqual({ spec });
    expect(mapping.properties).toMatchObject({ id: { type: 'keyword' }, sequence: { type: 'long' } });
    expect(mapping.properties!.data).toMatchObject({
      dynamic: false,
      properties: { name: { type: 'text', index_prefixes: {} }, category: { type: 'keyword' }, priceMinor: { type: 'long' }, orderable: { type: 'boolean' }, addedAt: { type: 'date' } },
    });
  });

  it('needs every word in some boosted text field: whole, fuzzy or as a prefix', () => {
    const { query } = request({ text: 'Wireless keyb', filters: { category: 'keyboards', orderable: true }, ranges: { priceMinor: { gte: 100 } }, limit: 10 });
    const fields = ['data.name^3', 'data.description^1'];
    expect(query).toEqual({
      bool: {
        must: ['wireless', 'keyb'].map((term) => ({
          bool: { should: [{ multi_match: { query: term, fields, fuzziness: 'AUTO' } }, { multi_match: { query: term, fields, type: 'bool_prefix' } }], minimum_should_match: 1 },
        })),
        filter: [{ term: { 'data.category': 'keyboards' } }, { term: { 'data.orderable': true } }, { range: { 'data.priceMinor': { gte: 100 } } }],
      },
    });
    expect(request({ text: '  ', limit: 10 }).query).toEqual({ match_all: {} });
  });

  it('asks for one hit more than the limit, exact totals, and facets ordered by count then value', () => {
    const body = request({ facets: ['category'], limit: 10 }, ['p1']);
    expect(body).toMatchObject({ size: 11, track_total_hits: true, search_after: ['p1'], sort: [{ id: { order: 'asc' } }] });
    expect(body.aggs).toEqual({ facet_category: { terms: { field: 'data.category', size: 50, order: [{ _count: 'desc' }, { _key: 'asc' }] } } });
  });

  it('sorts by score then id for text, and by a field with a cursor-safe stand-in for missing values', () => {
    expect(request({ text: 'lamp', limit: 5 }).sort).toEqual([{ _score: { order: 'desc' } }, { id: { order: 'asc' } }]);
    expect(request({ sort: { field: 'priceMinor', direction: 'desc' }, limit: 5 }).sort).toEqual([
      { 'data.priceMinor': { order: 'desc', missing: -Number.MAX_SAFE_INTEGER } },
      { id: { order: 'desc' } },
    ]);
    expect(request({ text: 'lamp', sort: { field: 'category', direction: 'asc' }, limit: 5 })).toMatchObject({
      sort: [{ 'data.category': { order: 'asc', missing: '\u{10FFFF}' } }, { id: { order: 'asc' } }],
      track_scores: true,
    });
  });

  it('reads a page, its facets, and a next cursor only when a further hit came back', () => {
    const search = validateSearchQuery(spec, { facets: ['category'], sort: { field: 'priceMinor', direction: 'asc' }, limit: 1 });
    const hit = (id: string, price: number) => ({ _index: 'i', _id: id, _score: null, sort: [price, id], _source: { id, position: '0'.repeat(32), sequence: 3, data: { priceMinor: price } } });
    const response = {
      hits: { total: { value: 2, relation: 'eq' }, hits: [hit('a', 10), hit('b', 20)] },
      aggregations: { facet_category: { buckets: [{ key: 'mice', doc_count: 2 }] } },
    } as unknown as estypes.SearchResponse<never>;
    const page = readSearchResponse(response, search, 'fp');
    expect(page).toMatchObject({ total: 2, hits: [{ id: 'a', sequence: 3, score: 0, data: { priceMinor: 10 } }], facets: { category: [{ value: 'mice', count: 2 }] } });
    expect(decodeCursor(page.next!, 'fp', () => true)).toEqual([10, 'a']);
    const last = readSearchResponse({ ...response, hits: { ...response.hits, hits: [hit('a', 10)] } } as never, search, 'fp');
    expect(last.next).toBeUndefined();
  });
});

describe('Elasticsearch bulk outcome', () => {
  it('counts written items, treats version conflicts as skipped and anything else as a failure', () => {
    const items = [
      { index: { _index: 'i', _id: 'a', status: 201 } },
      { index: { _index: 'i', _id: 'b', status: 200 } },
      { index: { _index: 'i', _id: 'c', status: 409, error: { type: 'version_conflict_engine_exception', reason: 'current version [5] is higher' } } },
      { index: { _index: 'i', _id: 'd', status: 400, error: { type: 'document_parsing_exception', reason: 'failed to parse field [data.priceMinor]' } } },
    ];
    expect(bulkOutcome(items)).toEqual({
      written: 2,
      skipped: 1,
      failures: [{ id: 'd', status: 400, type: 'document_parsing_exception', reason: 'failed to parse field [data.priceMinor]' }],
    });
  });
});
