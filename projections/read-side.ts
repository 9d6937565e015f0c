import { createDocumentStore } from '../platform/document-store/create-document-store';
import type { DocumentStore } from '../platform/document-store/document-store.port';
import { AdvisoryLease } from '../platform/processing/advisory-lease';
import type { Runtime } from '../platform/runtime';
import { createSearchStore } from '../platform/search/create-search-store';
import type { SearchStore } from '../platform/search/search-store.port';
import type { DomainEvent } from '../event-schemas';
import type { EventStore } from '../platform/event-store/event-store.port';
import { projections } from './catalog';
import type { Projection } from './runtime/projection';
import { DeadLetters } from './runtime/dead-letters';
import { PositionWaiter } from './runtime/position-waiter';
import { Projector, defaultProjectorOptions } from './runtime/projector';
import { ProjectionRegistry } from './runtime/projection-registry';

/** Everything the projector and the read API share: the registry, the document and search stores, waits. */
export interface ReadSide {
  runtime: Runtime;
  registry: ProjectionRegistry;
  deadLetters: DeadLetters;
  documents: DocumentStore;
  search: SearchStore;
  waiter: PositionWaiter;
  /** A projector over every read model in the catalogue (or the named ones), configured from the runtime's config. */
  createProjector(only?: string[]): Projector;
  close(): Promise<void>;
}

/** PROJECTION_LINGER_MS, its names checked against the catalogue. */
function lingerOverrides(lingers: Record<string, number>): Record<string, number> {
  selectProjections(Object.keys(lingers));
  return lingers;
}

/** The catalogue, or the named part of it; an unknown name is an error listing the known ones. */
export function selectProjections(only?: string[]): Projection[] {
  if (!only?.length) return projections;
  return only.map((name) => {
    const found = projections.find((p) => p.name === name);
    if (!found) throw new Error(`Unknown projection ${JSON.stringify(name)}: one of ${projections.map((p) => p.name).join(', ')}`);
    return found;
  });
}

/** The stores a read model can live in, as `commerce projector --kind` names them. */
export const STORE_KINDS = ['postgres', 'documents', 'search'] as const;

/** Names of the read models kept in the given kinds of store; an unknown kind is an error listing the known ones. */
export function projectionsOfKinds(kinds: string[]): string[] {
  for (const kind of kinds) {
    if (!(STORE_KINDS as readonly string[]).includes(kind)) throw new Error(`Unknown read-model store ${JSON.stringify(kind)}: one of ${STORE_KINDS.join(', ')}`);
  }
  return projections.filter((p) => kinds.includes(p.kind)).map((p) => p.name);
}

export async function openReadSide(runtime: Runtime): Promise<ReadSide> {
  const { config, log, db } = runtime;
  await ProjectionRegistry.migrate(db.pool);
  const documents = await createDocumentStore({ pool: db.pool, mongoUrl: config.mongoUrl, mongoDatabase: config.mongoDatabase, log });
  let search: SearchStore;
  try {
    search = await createSearchStore({ pool: db.pool, elasticsearchUrl: config.elasticsearchUrl, log });
  } catch (error) {
    await documents.close();
    throw error;
  }
  const registry = new ProjectionRegistry(db.pool);
  const waiter = new PositionWaiter(db.pool, { listenUrl: db.url });
  return {
    runtime,
    registry,
    deadLetters: new DeadLetters(db.pool),
    documents,
    search,
    waiter,
    createProjector: (only) =>
      new Projector(
        {
          pool: db.pool,
          store: runtime.eventStore as EventStore<DomainEvent>,
          documents,
          search,
          log: log.child('projector'),
          lease: (name) => new AdvisoryLease(db.url, name, log.child('lease')),
        },
        selectProjections(only),
        {
          ...defaultProjectorOptions,
          batchSize: config.projectionBatchSize,
          lingerMs: lingerOverrides(config.projectionLingerMs),
          onError: config.projectionOnError,
          graceMs: config.projectionDropGraceSeconds * 1000,
        },
      ),
    close: async () => {
      waiter.close();
      await documents.close();
      await search.close();
    },
  };
}
