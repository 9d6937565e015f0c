import { Client, errors } from '@elastic/elasticsearch';
import { Position } from '../event-store/position';
import type { KeyedDocument, TargetCheckpoint } from '../read-models/keyed-documents.port';
import {
  acceptsSortValues,
  bulkOutcome,
  checkpointMapping,
  FORWARD_ONLY_CHECKPOINT,
  indexMapping,
  readSearchResponse,
  searchRequest,
  type StoredDocument,
} from './elasticsearch-search-query';
import { assertTargetName, isRecord, normalizeIndexSpec, sameSpec } from './index-spec';
import { assertCheckpoint, assertIds, prepareDocuments } from './search-arguments';
import { decodeCursor, queryFingerprint } from './search-cursor';
import { IndexSpecConflictError, SearchTargetNotFoundError } from './search-errors';
import { validateSearchQuery } from './search-request';
import type { IndexSpec, SearchPage, SearchQuery, SearchStore } from './search-store.port';

export interface ElasticsearchSearchStoreOptions {
  /** A client the caller owns (close() leaves it open); or give `node` and the store makes and closes its own. */
  client?: Client;
  node?: string;
  /** Put in front of every index name, for clusters shared between deployments or test runs. */
  indexPrefix?: string;
}

const CHECKPOINTS = 'commerce_checkpoints';
const PREFIX = /^([a-z][a-z0-9_-]*)?$/;

function errorType(error: unknown): string | undefined {
  return error instanceof errors.ResponseError ? (error.body as { error?: { type?: string } } | undefined)?.error?.type : undefined;
}

/**
 * The search port on Elasticsearch: one index per target mapped from its spec, documents written
 * with external versioning (the projection's sequence), checkpoints beside them in one index.
 */
export class ElasticsearchSearchStore<T = unknown> implements SearchStore<T> {
  private readonly client: Client;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly specs = new Map<string, IndexSpec>();
  private checkpointIndex?: Promise<void>;

  constructor(options: ElasticsearchSearchStoreOptions) {
    const prefix = options.indexPrefix ?? '';
    if (!PREFIX.test(prefix)) throw new Error(`Invalid Elasticsearch index prefix ${JSON.stringify(prefix)}: lowercase letters, digits, _ or -, starting with a letter`);
    if (options.client) this.client = options.client;
    else if (options.node) this.client = new Client({ node: options.node });
    else throw new Error('ElasticsearchSearchStore needs a client or a node URL');
    this.ownsClient = !options.client;
    this.prefix = prefix;
  }

  /** Connects and makes one request, so a wrong URL or credentials fail at start rather than at the first write. */
  static async connect<T = unknown>(options: ElasticsearchSearchStoreOptions & { node: string }): Promise<ElasticsearchSearchStore<T>> {
    const store = new ElasticsearchSearchStore<T>({ ...options, client: undefined });
    try {
      await store.client.info();
    } catch (error) {
      await store.close();
      throw new Error(`Elasticsearch at ${options.node.replace(/\/\/[^@/]*@/, '//***@')} is not reachable: ${(error as Error).message}`, { cause: error });
    }
    return store;
  }

  async ensureTarget(target: string, spec: IndexSpec): Promise<void> {
    assertTargetName(target, [CHECKPOINTS]);
    const wanted = normalizeIndexSpec(spec);
    await this.ensureCheckpointIndex();
    try {
      await this.client.indices.create({ index: this.index(target), mappings: indexMapping(wanted) });
    } catch (error) {
      if (errorType(error) !== 'resource_already_exists_exception') throw error;
      if (!sameSpec(await this.loadSpec(target), wanted)) throw new IndexSpecConflictError(target);
    }
    this.specs.set(target, wanted);
  }

  async dropTarget(target: string): Promise<void> {
    assertTargetName(target, [CHECKPOINTS]);
    this.specs.delete(target);
    await this.client.indices.delete({ index: this.index(target) }, { ignore: [404] });
    await this.client.delete({ index: this.index(CHECKPOINTS), id: target }, { ignore: [404] });
  }

  async get(target: string, id: string): Promise<KeyedDocument<T> | null> {
    return (await this.getMany(target, [id])).get(id) ?? null;
  }

  async getMany(target: string, ids: string[]): Promise<Map<string, KeyedDocument<T>>> {
    assertTargetName(target, [CHECKPOINTS]);
    assertIds(ids);
    const found = new Map<string, KeyedDocument<T>>();
    if (ids.length === 0) return found;
    const response = await this.onTarget(target, () => this.client.mget<StoredDocument<T>>({ index: this.index(target), ids: [...new Set(ids)], realtime: true }));
    for (const doc of response.docs) {
      if ('error' in doc) {
        if (doc.error.type === 'index_not_found_exception') throw new SearchTargetNotFoundError(target);
        throw new Error(`Elasticsearch could not read ${target}/${doc._id}: ${doc.error.type}: ${doc.error.reason ?? ''}`);
      }
      if (doc.found && doc._source) {
        const { id, position, sequence, data } = doc._source;
        found.set(id, { id, position, sequence, data });
      }
    }
    return found;
  }

  async putMany(target: string, documents: KeyedDocument<T>[]): Promise<number> {
    assertTargetName(target, [CHECKPOINTS]);
    const docs = prepareDocuments<T>(documents);
    if (docs.length === 0) return 0;
    // Bulk would create a missing index with dynamic mappings; only write where ensureTarget built one.
    await this.specOf(target);
    const index = this.index(target);
    const response = await this.client.bulk({
      operations: docs.flatMap((d) => [
        { index: { _index: index, _id: d.id, version: d.sequence, version_type: 'external' as const } },
        { id: d.id, position: d.position, sequence: d.sequence, data: d.data },
      ]),
    });
    const outcome = bulkOutcome(response.items);
    if (outcome.failures.length) {
      const sample = outcome.failures.slice(0, 3).map((f) => `${f.id}: ${f.status} ${f.type} ${f.reason}`).join('; ');
      throw new Error(`Elasticsearch refused ${outcome.failures.length} of ${docs.length} documents for ${target} (${outcome.written} written): ${sample}`);
    }
    return outcome.written;
  }

  async search(target: string, query: SearchQuery): Promise<SearchPage<T>> {
    assertTargetName(target, [CHECKPOINTS]);
    const spec = await this.specOf(target);
    const search = validateSearchQuery(spec, query);
    const fingerprint = queryFingerprint(target, search);
    const after = search.cursor ? decodeCursor(search.cursor, fingerprint, acceptsSortValues) : undefined;
    const response = await this.onTarget(target, () => this.client.search<StoredDocument<T>>(searchRequest(this.index(target), spec, search, after)));
    return readSearchResponse(response, search, fingerprint);
  }

  async refresh(target: string): Promise<void> {
    assertTargetName(target, [CHECKPOINTS]);
    await this.onTarget(target, () => this.client.indices.refresh({ index: this.index(target) }));
  }

  async loadCheckpoint(target: string): Promise<TargetCheckpoint | null> {
    assertTargetName(target, [CHECKPOINTS]);
    // A realtime get sees the last saved checkpoint without a refresh.
    const response = await this.client.get<TargetCheckpoint>({ index: this.index(CHECKPOINTS), id: target, realtime: true }, { ignore: [404] });
    if (!response.found || !response._source) return null;
    return { position: Position.parse(response._source.position), sequence: response._source.sequence };
  }

  async saveCheckpoint(target: string, checkpoint: TargetCheckpoint): Promise<void> {
    assertTargetName(target, [CHECKPOINTS]);
    assertCheckpoint(checkpoint);
    await this.ensureCheckpointIndex();
    const { position, sequence } = checkpoint;
    await this.client.update({
      index: this.index(CHECKPOINTS),
      id: target,
      script: { lang: 'painless', source: FORWARD_ONLY_CHECKPOINT, params: { position, sequence } },
      upsert: { target, position, sequence },
      retry_on_conflict: 5,
    });
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }

  private index(target: string): string {
    return `${this.prefix}${target}`;
  }

  private async specOf(target: string): Promise<IndexSpec> {
    const known = this.specs.get(target);
    if (known) return known;
    const spec = await this.loadSpec(target);
    this.specs.set(target, spec);
    return spec;
  }

  private async loadSpec(target: string): Promise<IndexSpec> {
    const response = await this.onTarget(target, () => this.client.indices.getMapping({ index: this.index(target) }));
    const meta = Object.values(response)[0]?.mappings?._meta;
    if (!isRecord(meta) || !isRecord(meta.spec)) throw new IndexSpecConflictError(target);
    return normalizeIndexSpec(meta.spec);
  }

  /** Runs a request on a target's index; a missing index means the target was never ensured or was dropped. */
  private async onTarget<R>(target: string, request: () => Promise<R>): Promise<R> {
    try {
      return await request();
    } catch (error) {
      if (errorType(error) === 'index_not_found_exception') {
        this.specs.delete(target);
        throw new SearchTargetNotFoundError(target);
      }
      throw error;
    }
  }

  private ensureCheckpointIndex(): Promise<void> {
    this.checkpointIndex ??= this.client.indices
      .create({ index: this.index(CHECKPOINTS), mappings: checkpointMapping })
      .then(() => undefined)
      .catch((error: unknown) => {
        if (errorType(error) === 'resource_already_exists_exception') return;
        this.checkpointIndex = undefined;
        throw error;
      });
    return this.checkpointIndex;
  }
}
