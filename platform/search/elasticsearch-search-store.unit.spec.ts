import { errors, type Client } from '@elastic/elasticsearch';
import { Position } from '../event-store/position';
import { ElasticsearchSearchStore } from './elasticsearch-search-store';
import { normalizeIndexSpec } from './index-spec';
import type { IndexSpec } from './search-store.port';

/*
 * The adapter against a stand-in for the client (no Elasticsearch server can run here; the shared
 * contract runs against a real one when ELASTICSEARCH_URL is set). These pin the request shapes of
 * the v9 client and how the adapter reads its answers.
 */
const spec: IndexSpec = { fields: { name: 'text', category: 'keyword' } };
const responseError = (status: number, type: string) =>
  new errors.ResponseError({ body: { error: { type, reason: type }, status }, statusCode: status, headers: {}, warnings: null, meta: {} } as never);

function fakeClient(overrides: Record<string, (request: any) => unknown> = {}) {
  const calls: { method: string; request: any }[] = [];
  const handler = (method: string, fallback: (request: any) => unknown = () => ({})) => async (request: any) => {
    calls.push({ method, request });
    return (overrides[method] ?? fallback)(request);
  };
  const client = {
    indices: {
      create: handler('indices.create'),
      getMapping: handler('indices.getMapping', ({ index }) => ({ [index]: { mappings: { _meta: { spec: normalizeIndexSpec(spec) } } } })),
      refresh: handler('indices.refresh'),
      delete: handler('indices.delete'),
    },
    bulk: handler('bulk'),
    mget: handler('mget', () => ({ docs: [] })),
    search: handler('search'),
    get: handler('get', () => ({ found: false })),
    update: handler('update'),
    delete: handler('delete'),
    close: handler('close'),
  };
  return { client: client as unknown as Client, calls, called: (method: string) => calls.filter((c) => c.method === method).map((c) => c.request) };
}

const doc = (id: string, sequence: number) => ({ id, position: Position.encode(0n, BigInt(sequence)), sequence, data: { name: id } });

describe('ElasticsearchSearchStore (client boundary)', () => {
  it('creates the index from the spec and the checkpoint index, under the prefix', async () => {
    const fake = fakeClient();
    await new ElasticsearchSearchStore({ client: fake.client, indexPrefix: 'run1_' }).ensureTarget('products_g1', spec);
    expect(fake.called('indices.create').map((r) => r.index)).toEqual(['run1_commerce_checkpoints', 'run1_products_g1']);
    expect(fake.called('indices.create')[1].mappings._meta).toEqual({ spec: normalizeIndexSpec(spec) });
  });

  it('accepts an existing index with the same spec and refuses one with another', async () => {
    const exists = () => Promise.reject(responseError(400, 'resource_already_exists_exception'));
    const store = new ElasticsearchSearchStore({ client: fakeClient({ 'indices.create': exists }).client });
    await expect(store.ensureTarget('products_g1', spec)).resolves.toBeUndefined();
    await expect(store.ensureTarget('products_g1', { fields: { name: 'text' } })).rejects.toMatchObject({ code: 'INDEX_SPEC_CONFLICT' });
  });

  it('writes with external versions from the sequence and counts version conflicts as skipped', async () => {
    const fake = fakeClient({
      bulk: () => ({ errors: true, items: [{ index: { _id: 'a', status: 201 } }, { index: { _id: 'b', status: 409, error: { type: 'version_conflict_engine_exception' } } }] }),
    });
    const written = await new ElasticsearchSearchStore({ client: fake.client }).putMany('products_g1', [doc('b', 3), doc('a', 7)]);
    expect(written).toBe(1);
    const [bulk] = fake.called('bulk');
    expect(bulk.body).toBeUndefined();
    expect(bulk.operations).toEqual([
      { index: { _index: 'products_g1', _id: 'a', version: 7, version_type: 'external' } },
      { id: 'a', position: doc('a', 7).position, sequence: 7, data: { name: 'a' } },
      { index: { _index: 'products_g1', _id: 'b', version: 3, version_type: 'external' } },
      { id: 'b', position: doc('b', 3).position, sequence: 3, data: { name: 'b' } },
    ]);
  });

  it('throws, naming the documents, when an item fails for another reason', async () => {
    const fake = fakeClient({ bulk: () => ({ errors: true, items: [{ index: { _id: 'a', status: 400, error: { type: 'document_parsing_exception', reason: 'bad field' } } }] }) });
    await expect(new ElasticsearchSearchStore({ client: fake.client }).putMany('products_g1', [doc('a', 1)])).rejects.toThrow(/refused 1 of 1 documents.*a: 400 document_parsing_exception bad field/);
  });

  it('refuses to write to a missing index instead of letting bulk create one', async () => {
    const fake = fakeClient({ 'indices.getMapping': () => Promise.reject(responseError(404, 'index_not_found_exception')) });
    await expect(new ElasticsearchSearchStore({ client: fake.client }).putMany('products_g1', [doc('a', 1)])).rejects.toMatchObject({ code: 'SEARCH_TARGET_NOT_FOUND' });
    expect(fake.called('bulk')).toEqual([]);
  });

  it('reads documents with a realtime mget and checkpoints with a realtime get', async () => {
    const stored = doc('a', 2);
    const fake = fakeClient({ mget: () => ({ docs: [{ _id: 'a', found: true, _source: stored }, { _id: 'z', found: false }] }) });
    const store = new ElasticsearchSearchStore({ client: fake.client });
    expect([...(await store.getMany('products_g1', ['a', 'z', 'a'])).values()]).toEqual([stored]);
    expect(fake.called('mget')[0]).toEqual({ index: 'products_g1', ids: ['a', 'z'], realtime: true });
    expect(await store.loadCheckpoint('products_g1')).toBeNull();
    expect(fake.called('get')[0]).toMatchObject({ index: 'commerce_checkpoints', id: 'products_g1', realtime: true });
  });

  it('saves a checkpoint with a forward-only scripted upsert, and drops the index and the checkpoint', async () => {
    const fake = fakeClient();
    const store = new ElasticsearchSearchStore({ client: fake.client });
    const position = Position.encode(0n, 9n);
    await store.saveCheckpoint('products_g1', { position, sequence: 9 });
    expect(fake.called('update')[0]).toMatchObject({ index: 'commerce_checkpoints', id: 'products_g1', upsert: { target: 'products_g1', position, sequence: 9 }, script: { params: { position, sequence: 9 } } });
    await store.dropTarget('products_g1');
    expect(fake.called('indices.delete')[0]).toEqual({ index: 'products_g1' });
    expect(fake.called('delete')[0]).toEqual({ index: 'commerce_checkpoints', id: 'products_g1' });
  });

  it('validates before asking the cluster, and leaves a client it was given open', async () => {
    const fake = fakeClient();
    const store = new ElasticsearchSearchStore({ client: fake.client });
    await expect(store.search('products_g1', { filters: { colour: 'red' }, limit: 5 })).rejects.toMatchObject({ code: 'INVALID_SEARCH_QUERY', field: 'filters.colour' });
    await expect(store.search('products_g1', { limit: 5, cursor: 'forged' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    expect(fake.called('search')).toEqual([]);
    await store.close();
    expect(fake.called('close')).toEqual([]);
  });
});
