import { MongoBulkWriteError, MongoClient, MongoServerError, type AnyBulkWriteOperation, type Collection, type Db, type Filter } from 'mongodb';
import type { Position } from '../event-store/position';
import type { Logger } from '../logger';
import type { KeyedDocument, TargetCheckpoint } from '../read-models/keyed-documents.port';
import { decodeCursor, encodeCursor } from './document-cursor';
import type { CollectionSpec, DocumentStore, FindPage, FindQuery } from './document-store.port';
import { checkCheckpoint, checkDocuments, checkFindQuery, checkIds, checkSpec, checkTarget } from './document-validation';
import { mongoFind, pointOf } from './mongo-find';

interface StoredDocument {
  _id: string;
  position: string;
  sequence: number;
  data: unknown;
}

interface StoredCheckpoint {
  _id: string;
  position: string;
  sequence: number;
}

// A leading underscore is something no target name can have, so no target can shadow it.
const CHECKPOINTS = '_checkpoints';
const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;

export interface MongoDocumentStoreOptions {
  url: string;
  database: string;
  log?: Logger;
}

/** The production document store: one MongoDB collection per target, documents `{ _id, position, sequence, data }`. */
export class MongoDocumentStore<T = unknown> implements DocumentStore<T> {
  constructor(
    private readonly db: Db,
    private readonly log?: Logger,
    /** Set when this store opened the connection, and so closes it. */
    private readonly ownedClient?: MongoClient,
  ) {}

  static async connect(options: MongoDocumentStoreOptions): Promise<MongoDocumentStore> {
    const client = new MongoClient(options.url, { appName: 'commerce-documents' });
    await client.connect();
    return new MongoDocumentStore(client.db(options.database), options.log, client);
  }

  async ensureTarget(target: string, spec: CollectionSpec): Promise<void> {
    const indexes = checkSpec(spec);
    checkTarget(target);
    try {
      await this.db.createCollection(target);
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    }
    // Same keys give the same default index name, so creating them again is a no-op.
    if (indexes.length > 0) {
      await this.collection(target).createIndexes(indexes.map((fields) => ({ key: { ...Object.fromEntries(fields.map((f) => [`data.${f}`, 1])), _id: 1 } })));
    }
    this.log?.debug('document target ready', { target, indexes: indexes.length });
  }

  async dropTarget(target: string): Promise<void> {
    await this.collection(target).drop();
    await this.checkpoints().deleteOne({ _id: target });
  }

  async get(target: string, id: string): Promise<KeyedDocument<T> | null> {
    const [found] = (await this.getMany(target, [id])).values();
    return found ?? null;
  }

  async getMany(target: string, ids: string[]): Promise<Map<string, KeyedDocument<T>>> {
    const collection = this.collection(target);
    const wanted = checkIds(ids);
    const found = new Map<string, KeyedDocument<T>>();
    if (wanted.length === 0) return found;
    for (const stored of await collection.find({ _id: { $in: wanted } }).toArray()) found.set(stored._id, toDocument<T>(stored));
    return found;
  }

  async putMany(target: string, documents: KeyedDocument<T>[]): Promise<number> {
    const collection = this.collection(target);
    const batch = checkDocuments(documents);
    if (batch.length === 0) return 0;
    // The filter only matches a stored copy older than this one. When the stored copy is as new
    // or newer, the upsert tries to insert a second document with that _id and fails with a
    // duplicate key: that failure is the guard saying "skip", not an error.
    const operations: AnyBulkWriteOperation<StoredDocument>[] = batch.map((d) => ({
      updateOne: {
        filter: { _id: d.id, position: { $lt: d.position } },
        update: { $set: { position: d.position, sequence: d.sequence, data: d.data } },
        upsert: true,
      },
    }));
    try {
      const result = await collection.bulkWrite(operations, { ordered: false });
      return result.matchedCount + result.upsertedCount;
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
      return error.result.matchedCount + error.result.upsertedCount;
    }
  }

  async find(target: string, query: FindQuery): Promise<FindPage<T>> {
    const collection = this.collection(target);
    const checked = checkFindQuery(query);
    const after = checked.cursor === undefined ? undefined : decodeCursor(target, checked, checked.cursor);
    const { filter, sort } = mongoFind(checked, after);
    // One document beyond the page says whether there is a next one.
    const stored = await collection
      .find(filter as Filter<StoredDocument>, { sort, limit: checked.limit + 1 })
      .toArray();
    const items = stored.slice(0, checked.limit).map((s) => toDocument<T>(s));
    if (stored.length <= checked.limit) return { items };
    return { items, next: encodeCursor(target, checked, pointOf(stored[checked.limit - 1]!, checked.orderBy?.field)) };
  }

  async count(target: string): Promise<number> {
    return this.collection(target).countDocuments({});
  }

  async loadCheckpoint(target: string): Promise<TargetCheckpoint | null> {
    checkTarget(target);
    const stored = await this.checkpoints().findOne({ _id: target });
    return stored ? { position: stored.position as Position, sequence: stored.sequence } : null;
  }

  async saveCheckpoint(target: string, checkpoint: TargetCheckpoint): Promise<void> {
    checkTarget(target);
    const { position, sequence } = checkCheckpoint(checkpoint);
    try {
      // Same guard as putMany: a duplicate key means the stored checkpoint is already as far or further.
      await this.checkpoints().updateOne({ _id: target, position: { $lt: position } }, { $set: { position, sequence } }, { upsert: true });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }

  async close(): Promise<void> {
    await this.ownedClient?.close();
  }

  private collection(target: string): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(checkTarget(target));
  }

  private checkpoints(): Collection<StoredCheckpoint> {
    return this.db.collection<StoredCheckpoint>(CHECKPOINTS);
  }
}

/** A bulk write whose only failures were guarded upserts finding a newer copy (and no write concern failure). */
function onlyDuplicateKeys(error: unknown): error is MongoBulkWriteError {
  if (!(error instanceof MongoBulkWriteError) || error.result.getWriteConcernError()) return false;
  const failures = error.result.getWriteErrors();
  return failures.length > 0 && failures.every((f) => f.code === DUPLICATE_KEY);
}

function toDocument<T>(stored: StoredDocument): KeyedDocument<T> {
  return { id: stored._id, position: stored.position as Position, sequence: Number(stored.sequence), data: stored.data as T };
}
