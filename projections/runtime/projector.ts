import type { Pool } from 'pg';
import type { DomainEvent } from '../../event-schemas';
import type { DocumentStore } from '../../platform/document-store/document-store.port';
import type { EventStore } from '../../platform/event-store/event-store.port';
import type { Logger } from '../../platform/logger';
import type { SearchStore } from '../../platform/search/search-store.port';
import { KeyedApplier, PostgresApplier, type Applier } from './appliers';
import { dropRetired, promote } from './generation-lifecycle';
import { GenerationWorker, type BatchReport, type Lease, type WorkerExit, type WorkerOptions } from './generation-worker';
import { DeadLetters } from './dead-letters';
import { OperatorAuditLog } from './operator-audit';
import { ProjectionOperator } from './operator-actions';
import { assertValidProjection, type Projection } from './projection';
import { ProjectionRegistry, type Generation } from './projection-registry';

export interface ProjectorDeps {
  pool: Pool;
  store: EventStore<DomainEvent>;
  documents?: DocumentStore;
  search?: SearchStore;
  lease(name: string): Lease;
  log: Logger;
}

export interface ProjectorOptions extends WorkerOptions {
  /** How often the supervisor looks at the registry (new generations, swaps, pauses). */
  pollMs: number;
  /** How long a retired generation stays before its target is dropped. */
  graceMs: number;
}

export const defaultProjectorOptions: ProjectorOptions = { batchSize: 2000, onError: 'stop', retryDelaysMs: [100, 500, 2000], pollMs: 1000, graceMs: 10 * 60_000 };

/**
 * The projector role: keeps a worker on the live generation of every projection, builds the next
 * generation beside it when the code's version differs (or an operator asked for a rebuild), and
 * switches readers over once the new one has caught up. Several projector processes may run: the
 * per-generation lease makes one of them active and the others stand by.
 */
export class Projector {
  readonly registry: ProjectionRegistry;
  readonly deadLetters: DeadLetters;
  private readonly workers = new Map<string, { abort: AbortController; done: Promise<WorkerExit> }>();
  private readonly byName: Map<string, Projection>;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: ProjectorDeps,
    readonly projections: Projection[],
    private readonly options: ProjectorOptions = defaultProjectorOptions,
  ) {
    for (const p of projections) assertValidProjection(p);
    this.byName = new Map(projections.map((p) => [p.name, p]));
    if (this.byName.size !== projections.length) throw new Error('Two projections share a name');
    this.registry = new ProjectionRegistry(deps.pool);
    this.deadLetters = new DeadLetters(deps.pool);
  }

  applierFor(generation: Generation): Applier | undefined {
    const projection = this.byName.get(generation.projection);
    if (!projection) return undefined;
    switch (projection.kind) {
      case 'postgres':
        return new PostgresApplier(this.deps.pool, this.registry, projection, generation);
      case 'documents':
        if (!this.deps.documents) throw new Error(`Projection ${projection.name} needs a document store`);
        return new KeyedApplier(this.deps.documents, this.registry, projection, generation);
      case 'search':
        if (!this.deps.search) throw new Error(`Projection ${projection.name} needs a search store`);
        return new KeyedApplier(this.deps.search, this.registry, projection, generation);
    }
  }

  /** Operator actions (pause, resume, reset, dead letters) on this projector's read models; works whether or not it is started. */
  operator(options: { quiesceTimeoutMs?: number } = {}): ProjectionOperator {
    const { store, lease, pool } = this.deps;
    return new ProjectionOperator({
      registry: this.registry, deadLetters: this.deadLetters, audit: new OperatorAuditLog(pool), store, lease,
      projections: this.projections, applierFor: (g) => this.applierFor(g), ...options,
    });
  }

  /** Runs one generation until `signal` aborts or it exits; promotes a building generation once caught up. */
  runGeneration(generation: Generation, signal: AbortSignal, onBatch?: (report: BatchReport) => void): Promise<WorkerExit> {
    const projection = this.byName.get(generation.projection)!;
    const worker = new GenerationWorker(
      { store: this.deps.store, registry: this.registry, deadLetters: this.deadLetters, lease: this.deps.lease, log: this.deps.log },
      projection,
      generation,
      this.applierFor(generation)!,
      this.options,
      async (report) => {
        onBatch?.(report);
        if (report.caughtUp && generation.phase === 'building' && (await promote(this.registry, projection, generation.generation))) {
          generation.phase = 'live';
          this.deps.log.info('rebuilt generation caught up; readers switched to it', { projection: projection.name, generation: generation.generation });
        }
      },
    );
    return worker.run(signal);
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    for (const w of this.workers.values()) w.abort.abort();
    await Promise.all([...this.workers.values()].map((w) => w.done));
    this.workers.clear();
  }

  private tick(): Promise<void> {
    if (this.ticking || this.stopped) return this.ticking ?? Promise.resolve();
    this.ticking = this.supervise()
      .catch((error) => this.deps.log.error('projector supervision failed; retrying', { error }))
      .finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async supervise(): Promise<void> {
    const wanted = new Set<string>();
    for (const projection of this.projections) {
      let gens = await this.registry.generations(projection.name);
      const staleBuild = gens.find((g) => g.phase === 'building' && g.version !== projection.version);
      if (staleBuild) await this.registry.retire(staleBuild);
      const live = gens.find((g) => g.phase === 'live');
      if (!live || live.version !== projection.version) {
        if (!gens.some((g) => g.phase === 'building' && g.version === projection.version)) await this.registry.addGeneration(projection);
        gens = await this.registry.generations(projection.name);
      }
      for (const g of gens) {
        const runnable = (g.phase === 'live' || g.phase === 'building') && g.version === projection.version && g.state === 'running';
        if (!runnable) continue;
        const key = `${g.projection}:${g.generation}`;
        wanted.add(key);
        if (!this.workers.has(key) && !this.stopped) this.spawn(key, g);
      }
    }
    for (const [key, w] of this.workers) if (!wanted.has(key)) w.abort.abort();
    await dropRetired(this.registry, this.options.graceMs, (g) => this.applierFor(g));
  }

  private spawn(key: string, generation: Generation): void {
    const abort = new AbortController();
    const done = this.runGeneration(generation, abort.signal)
      .catch((error): WorkerExit => {
        this.deps.log.error('projection worker failed; it restarts on the next supervision round', { projection: key, error });
        return 'aborted';
      })
      .finally(() => this.workers.delete(key));
    this.workers.set(key, { abort, done });
  }
}
