import type { DomainEvent } from '../../event-schemas';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';
import type { Applier } from './appliers';
import type { DeadLetter, DeadLetters } from './dead-letters';
import { generationOf, pendingLetter, pendingOf } from './dead-letter-lookups';
import { inTransaction, quiesced, transition, withProjectionLock } from './generation-control';
import type { Lease } from './generation-worker';
import { assertActor, type AuditEntry, type OperatorAction, type OperatorActor, type OperatorAuditLog } from './operator-audit';
import { OperatorError } from './operator-errors';
import { auditParameters, knownProjection, parsePosition, parseStatus } from './operator-input';
import type { Projection } from './projection';
import type { Generation, Phase, ProjectionRegistry, WorkerState } from './projection-registry';

export interface OperatorDeps {
  registry: ProjectionRegistry;
  deadLetters: DeadLetters;
  audit: OperatorAuditLog;
  store: EventStore<DomainEvent>;
  projections: Projection[];
  applierFor(g: Generation): Applier | undefined;
  lease(name: string): Lease;
  /** How long reset and skip wait for a running worker to let go of its generation. */
  quiesceTimeoutMs?: number;
}

export interface GenerationView {
  generation: number;
  phase: Phase;
  state: WorkerState;
  position: Position;
}

/** What an action did: a line for people, and the projection's generations as they are now. */
export interface OperatorResult {
  projection: string;
  action: OperatorAction;
  message: string;
  generations: GenerationView[];
  /** The dead letters a retry or skip resolved. */
  deadLetters?: DeadLetter[];
  /** A reset: the live generation's checkpoint before and after, or the generation being rebuilt. */
  reset?: { generation: number; from: Position; to: Position } | { rebuild: number };
}

const active = (g: Generation) => g.phase === 'live' || g.phase === 'building';
const view = (g: Generation): GenerationView => ({ generation: g.generation, phase: g.phase, state: g.state, position: g.position });

/**
 * The operator's actions on projections, implemented once for the CLI and the admin HTTP routes.
 * Each checks its input and the projection's state before changing anything, holds the
 * projection's operator lock while it acts, and is recorded in the audit log with its outcome.
 */
export class ProjectionOperator {
  constructor(private readonly deps: OperatorDeps) {}

  /** Pauses the live generation (and a rebuild in progress); each worker leaves within the projector's poll. */
  pause(name: string, actor: OperatorActor): Promise<OperatorResult> {
    return this.act(actor, 'pause', name, {}, async (gens) => {
      if (!gens.length) throw this.notBuilt(name);
      const running = gens.filter((g) => g.state === 'running');
      if (!running.length && !gens.some((g) => g.state === 'paused')) throw await this.stoppedError(name, gens, 'pause');
      const moved = [];
      for (const g of running) if (await transition(this.deps.registry.pool, g, ['running'], 'paused')) moved.push(g.generation);
      return moved.length ? `${name}: paused generation ${moved.join(', ')}` : `${name}: already paused`;
    });
  }

  /** Resumes paused generations from their checkpoints. A generation stopped on a dead letter needs retry or skip. */
  resume(name: string, actor: OperatorActor): Promise<OperatorResult> {
    return this.act(actor, 'resume', name, {}, async (gens) => {
      if (!gens.length) throw this.notBuilt(name);
      const paused = gens.filter((g) => g.state === 'paused');
      if (!paused.length && gens.some((g) => g.state === 'stopped')) throw await this.stoppedError(name, gens, 'resume');
      const moved = [];
      for (const g of paused) if (await transition(this.deps.registry.pool, g, ['paused'], 'running')) moved.push(`${g.generation} from ${g.position}`);
      return moved.length ? `${name}: resumed generation ${moved.join(', ')}` : `${name}: already running`;
    });
  }

  /**
   * With `toPosition`: rewinds the live generation's checkpoint so every event after it is
   * delivered again (guarded writes ignore what the model already has). Without: builds a new
   * generation from the first event beside the live one, which the projector switches readers to
   * once it has caught up (the same as `commerce projections rebuild`, left to the projector).
   */
  reset(name: string, options: { toPosition?: unknown }, actor: OperatorActor): Promise<OperatorResult> {
    return this.act(actor, 'reset', name, { toPosition: options.toPosition }, async (gens, projection, result) => {
      if (options.toPosition === undefined) {
        const g = await this.deps.registry.addGeneration(projection);
        result.reset = { rebuild: g.generation };
        return g.phase === 'live'
          ? `${name}: generation ${g.generation} created; the projector builds it from the first event`
          : `${name}: generation ${g.generation} is being built from the first event beside the live one; the projector switches readers to it once it has caught up (follow it with commerce projections status)`;
      }
      const to = parsePosition(options.toPosition);
      const live = gens.find((g) => g.phase === 'live');
      if (!live) throw this.notBuilt(name);
      if (to > live.position) {
        throw new OperatorError('conflict', 'RESET_AHEAD_OF_CHECKPOINT', `${name} is at ${live.position}; a reset only moves back (to ${to} would leave events out: skip a dead letter for that)`, { field: 'toPosition', currentPosition: live.position });
      }
      await quiesced(this.deps.registry, this.deps.lease, live, this.timeoutMs, () => this.applier(live).rewind(to));
      result.reset = { generation: live.generation, from: live.position, to };
      return `${name}: generation ${live.generation} rewound from ${live.position} to ${to}; events after it are applied again (${live.state})`;
    });
  }

  /** Every dead letter of a projection (or those with one status), oldest first. */
  async deadLetters(name: string, options: { status?: unknown } = {}): Promise<DeadLetter[]> {
    knownProjection(this.deps.projections, name);
    return this.deps.deadLetters.list(name, parseStatus(options.status));
  }

  /**
   * Marks the dead letter (without an id: every pending one of the projection's live and
   * building generations) retried and sets its generation running: the checkpoint stands before
   * the event, so the worker applies it again. Failing again makes a new dead letter.
   */
  retry(name: string, options: { id?: unknown }, actor: OperatorActor): Promise<OperatorResult> {
    return this.act(actor, 'retry', name, { id: options.id }, async (gens, _projection, result) => {
      const letters = options.id === undefined ? await pendingOf(this.deps.deadLetters, name, gens) : [await pendingLetter(this.deps.deadLetters, name, options.id)];
      for (const letter of letters) {
        const g = generationOf(letter, gens);
        if (g.position >= letter.position) {
          throw new OperatorError('conflict', 'DEAD_LETTER_BEHIND_CHECKPOINT', `Dead letter ${letter.id} (${letter.position}) is at or before ${name}'s checkpoint ${g.position}, so the worker would not see it again; reset --to a position before it first`, { field: 'id' });
        }
      }
      await inTransaction(this.deps.registry.pool, async (sql) => {
        await this.deps.deadLetters.resolve(sql, letters.map((l) => l.id), 'retried', actor.subject);
        for (const l of letters) await transition(sql, generationOf(l, gens), ['stopped', 'paused', 'running'], 'running');
      });
      result.deadLetters = await Promise.all(letters.map(async (l) => (await this.deps.deadLetters.get(l.id))!));
      return `${name}: retrying dead letter ${letters.map((l) => `${l.id} (${l.eventType} at ${l.position})`).join(', ')}`;
    });
  }

  /**
   * Leaves the dead letter's event out of the read model: only when the checkpoint stands right
   * before it, moves the checkpoint past exactly that event, marks it skipped and resumes.
   */
  skip(name: string, options: { id?: unknown }, actor: OperatorActor): Promise<OperatorResult> {
    return this.act(actor, 'skip', name, { id: options.id }, async (gens, _projection, result) => {
      const letter = await pendingLetter(this.deps.deadLetters, name, options.id);
      const g = generationOf(letter, gens);
      await quiesced(this.deps.registry, this.deps.lease, g, this.timeoutMs, async () => {
        const applier = this.applier(g);
        const at = await applier.loadCheckpoint();
        if (at.position !== letter.position) {
          const [next] = await this.deps.store.readAll({ after: at.position, maxCount: 1 });
          if (!next || next.position !== letter.position || next.eventId !== letter.eventId) {
            const found = next ? `the next event is ${next.type} ${next.eventId} at ${next.position}` : 'no event follows it';
            throw new OperatorError('conflict', 'DEAD_LETTER_NOT_NEXT', `Dead letter ${letter.id} (${letter.eventType} at ${letter.position}) is not the next event of ${name} generation ${g.generation}: its checkpoint is ${at.position} and ${found}; only the event right after the checkpoint can be skipped`, { field: 'id', checkpoint: at.position, nextPosition: next?.position ?? null });
          }
          await applier.skip({ position: letter.position as Position, sequence: at.sequence + 1 }, new Date(next.metadata.recordedAt));
        }
        await inTransaction(this.deps.registry.pool, async (sql) => {
          await this.deps.deadLetters.resolve(sql, [letter.id], 'skipped', actor.subject);
          await transition(sql, g, ['stopped', 'paused', 'running'], 'running');
        });
      });
      result.deadLetters = [(await this.deps.deadLetters.get(letter.id))!];
      return `${name}: skipped dead letter ${letter.id} (${letter.eventType} at ${letter.position}); generation ${g.generation} carries on after it`;
    });
  }

  /** The audit log, newest first. */
  async auditLog(options: { projection?: string; limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    return this.deps.audit.list(options);
  }

  private get timeoutMs() {
    return this.deps.quiesceTimeoutMs ?? 15_000;
  }

  /** Validates, locks the projection, runs the action, and records the outcome whatever it was. */
  private async act(
    actor: OperatorActor,
    action: OperatorAction,
    name: string,
    parameters: Record<string, unknown>,
    work: (active: Generation[], projection: Projection, result: OperatorResult) => Promise<string>,
  ): Promise<OperatorResult> {
    assertActor(actor);
    const record = (outcome: 'succeeded' | 'refused' | 'failed', detail: Record<string, unknown>) =>
      this.deps.audit.record({ actor, action, projection: String(name), parameters: auditParameters(parameters), outcome, detail });
    try {
      const projection = knownProjection(this.deps.projections, name);
      const result = await withProjectionLock(this.deps.registry.pool, projection.name, async () => {
        const gens = (await this.deps.registry.generations(projection.name)).filter(active);
        const out: OperatorResult = { projection: projection.name, action, message: '', generations: [] };
        out.message = await work(gens, projection, out);
        out.generations = (await this.deps.registry.generations(projection.name)).filter(active).map(view);
        return out;
      });
      await record('succeeded', { ...result });
      return result;
    } catch (error) {
      const refused = error instanceof OperatorError;
      await record(refused ? 'refused' : 'failed', { code: refused ? error.code : 'INTERNAL_ERROR', message: (error as Error)?.message ?? String(error) }).catch(() => undefined);
      throw error;
    }
  }

  private notBuilt(name: string): OperatorError {
    return new OperatorError('conflict', 'PROJECTION_NOT_BUILT', `${name} has no live generation yet: start the projector (commerce projector) and let it build the read model`);
  }

  private async stoppedError(name: string, gens: Generation[], action: string): Promise<OperatorError> {
    const pending = await pendingOf(this.deps.deadLetters, name, gens).catch(() => []);
    const ids = pending.map((l) => l.id).join(', ') || '(none pending)';
    return new OperatorError('conflict', 'PROJECTION_STOPPED', `${name} is stopped on a dead letter (${ids}), so there is nothing to ${action}: inspect it with commerce projections dead-letters ${name}, then retry or skip it`, { deadLetters: pending.map((l) => l.id) });
  }

  private applier(g: Generation): Applier {
    const applier = this.deps.applierFor(g);
    if (!applier) throw new Error(`No applier for ${g.projection} generation ${g.generation}`);
    return applier;
  }
}
