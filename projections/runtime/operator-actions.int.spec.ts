import { AdvisoryLease } from '../../platform/processing/advisory-lease';
import { Position } from '../../platform/event-store/position';
import { PostgresDocumentStore } from '../../platform/document-store/postgres-document-store';
import { contentsOf, log, projectionTestbed, type ProjectionTestbed } from '../../test/projections';
import { orderSummary } from '../read-models/order-summary.projection';
import { orderTimeline } from '../read-models/order-timeline.projection';
import { KeyedApplier } from './appliers';
import { rebuild } from './rebuild';
import type { Projector } from './projector';
import { flaky, ops, placed, waitFor } from './testing/operator-fixtures';

describe('Operator actions', () => {
  let bed: ProjectionTestbed;
  beforeEach(async () => {
    bed = await projectionTestbed({
      documents: async (db) => {
        await PostgresDocumentStore.migrate(db.pool);
        return new PostgresDocumentStore(db.pool);
      },
    });
  });
  afterEach(() => bed.close());

  const rows = async (sql: string) => (await bed.db.pool.query(sql)).rows;
  const order = async () => {
    const p = placed();
    return bed.append(`order-${p.orderId}`, 'OrderPlaced', p);
  };
  const started = async (projector: Projector) => (await projector.start(), projector.operator({ quiesceTimeoutMs: 3000 }));

  describe('pause and resume', () => {
    it('pause lets go of the worker within the projector’s poll; resume applies what arrived meanwhile from the checkpoint, once', async () => {
      const { projection } = flaky('counted');
      const operator = await started(bed.projector([projection]));
      const first = await order();
      await bed.caughtUp('counted', first.position);

      const paused = await operator.pause('counted', ops);
      expect(paused.generations).toEqual([{ generation: 1, phase: 'live', state: 'paused', position: first.position }]);
      // The worker holds this lease for as long as it runs: getting it proves the worker is gone.
      const lease = new AdvisoryLease(bed.db.url, 'projection:counted:g1', log, 25);
      expect(await lease.acquire(AbortSignal.timeout(2000))).toBe(true);
      await lease.release();
      const second = await order();
      await new Promise((r) => setTimeout(r, 300));
      expect((await bed.registry.live('counted'))!.position).toBe(first.position);

      const resumed = await operator.resume('counted', ops);
      expect(resumed.message).toBe(`counted: resumed generation 1 from ${first.position}`);
      await bed.caughtUp('counted', second.position);
      expect(await rows('select deliveries from read_models.counted')).toEqual([{ deliveries: 1 }, { deliveries: 1 }]);
    });

    it('pauses a rebuild in progress too: a foreground rebuild stops saying how to continue, and resume lets the projector finish it', async () => {
      for (let i = 0; i < 300; i++) await order();
      // All 300 readable first: generation 2 goes live once it has read everything readable, and
      // another test file's open transaction on the shared server can keep the last appends hidden.
      await bed.settled();
      const projector = bed.projector([orderSummary], { batchSize: 5 });
      const operator = await started(projector);
      await waitFor(async () => Boolean(await bed.registry.live('order_summary')));
      await projector.stop(); // the foreground rebuild below builds generation 2 itself
      const rebuilding = rebuild(bed.projector([orderSummary], { batchSize: 2 }), bed.store, orderSummary, { intervalMs: 10 });
      await waitFor(async () => ((await bed.registry.building('order_summary'))?.sequence ?? 0) > 0);
      const paused = await operator.pause('order_summary', ops);
      expect(paused.generations.map((g) => [g.generation, g.phase, g.state])).toEqual([[1, 'live', 'paused'], [2, 'building', 'paused']]);
      await expect(rebuilding).rejects.toThrow('was paused by an operator: resume it with commerce projections resume order_summary');

      await operator.resume('order_summary', ops);
      await bed.projector([orderSummary]).start();
      await waitFor(async () => (await bed.registry.live('order_summary'))?.generation === 2);
      expect(await rows('select count(*)::int as n from read_models.order_summary')).toEqual([{ n: 300 }]);
    });

    it('pausing a paused projection or resuming a running one changes nothing and says so', async () => {
      const operator = await started(bed.projector([flaky('twice').projection]));
      await waitFor(async () => Boolean(await bed.registry.live('twice')));
      expect((await operator.resume('twice', ops)).message).toBe('twice: already running');
      await operator.pause('twice', ops);
      expect((await operator.pause('twice', ops)).message).toBe('twice: already paused');
      expect((await bed.registry.live('twice'))!.state).toBe('paused');
    });

    it('refuses an unknown projection (PROJECTION_NOT_FOUND, naming the known ones) and one never built (PROJECTION_NOT_BUILT)', async () => {
      const operator = bed.projector([orderSummary]).operator();
      await expect(operator.pause('order_sumary', ops)).rejects.toMatchObject({ kind: 'not-found', code: 'PROJECTION_NOT_FOUND', message: expect.stringContaining('one of order_summary') });
      await expect(operator.resume('order_summary', ops)).rejects.toMatchObject({ kind: 'conflict', code: 'PROJECTION_NOT_BUILT' });
      expect(await bed.registry.generations()).toEqual([]);
    });

    it('refuses an actor without a name (INVALID_ACTOR) before doing or recording anything', async () => {
      const operator = await started(bed.projector([orderSummary]));
      await waitFor(async () => Boolean(await bed.registry.live('order_summary')));
      await expect(operator.pause('order_summary', { subject: ' ', role: null, via: 'cli' })).rejects.toMatchObject({ code: 'INVALID_ACTOR' });
      expect((await bed.registry.live('order_summary'))!.state).toBe('running');
      expect(await operator.auditLog()).toEqual([]);
    });
  });

  describe('reset --to a position', () => {
    it('rewinds a running Postgres model so the events after the position are delivered again; guarded writes keep the model the same', async () => {
      const { projection } = flaky('replayed');
      const operator = await started(bed.projector([projection]));
      const first = await order();
      await order();
      const last = await order();
      await bed.caughtUp('replayed', last.position);

      const result = await operator.reset('replayed', { toPosition: first.position }, ops);
      expect(result.reset).toEqual({ generation: 1, from: last.position, to: first.position });
      await bed.caughtUp('replayed', last.position);
      // The counting projection is not guarded: it shows the two later orders came again, the first did not.
      expect((await rows('select deliveries from read_models.replayed order by deliveries')).map((r) => r.deliveries)).toEqual([1, 2, 2]);
      expect((await bed.registry.live('replayed'))!.state).toBe('running');

      // order_summary is guarded by stream revision: a replay from the beginning changes nothing.
      const summary = await started(bed.projector([orderSummary]));
      await bed.caughtUp('order_summary', last.position);
      const before = await contentsOf(bed.db, (await bed.registry.live('order_summary'))!);
      await summary.reset('order_summary', { toPosition: Position.START }, ops);
      await bed.caughtUp('order_summary', last.position);
      expect(await contentsOf(bed.db, (await bed.registry.live('order_summary'))!)).toEqual(before);
    });

    it('rewinds a document model: the registry’s checkpoint wins over the store’s, which only moves forward, and the model ends the same', async () => {
      const projector = bed.projector([orderTimeline]);
      const operator = await started(projector);
      const first = await order();
      const last = await order();
      await bed.caughtUp('order_timeline', last.position);
      const live = (await bed.registry.live('order_timeline'))!;
      const before = await contentsOf({ pool: bed.db.pool, documents: bed.documents }, live);

      await operator.pause('order_timeline', ops);
      await operator.reset('order_timeline', { toPosition: first.position }, ops);
      const checkpoint = await new KeyedApplier(bed.documents!, bed.registry, orderTimeline, live).loadCheckpoint();
      expect(checkpoint).toEqual({ position: first.position, sequence: live.sequence + 1 });
      expect((await bed.registry.live('order_timeline'))!.state).toBe('paused');

      await operator.resume('order_timeline', ops);
      await bed.caughtUp('order_timeline', last.position);
      expect(await contentsOf({ pool: bed.db.pool, documents: bed.documents }, live)).toEqual(before);
    });

    it('refuses a malformed position (INVALID_POSITION), one past the checkpoint (RESET_AHEAD_OF_CHECKPOINT), and changes nothing', async () => {
      const operator = await started(bed.projector([orderSummary]));
      const last = await order();
      await bed.caughtUp('order_summary', last.position);
      await expect(operator.reset('order_summary', { toPosition: 'yesterday' }, ops)).rejects.toMatchObject({ kind: 'invalid', code: 'INVALID_POSITION', details: { field: 'toPosition' } });
      await expect(operator.reset('order_summary', { toPosition: 'f'.repeat(32) }, ops)).rejects.toMatchObject({ kind: 'conflict', code: 'RESET_AHEAD_OF_CHECKPOINT' });
      expect(await bed.registry.generations('order_summary')).toMatchObject([{ generation: 1, state: 'running', position: last.position }]);
    });

    it('gives up when the worker does not let go in time (WORKER_STILL_ACTIVE) and leaves the projection running where it was', async () => {
      const projector = bed.projector([orderSummary]);
      await projector.start();
      const last = await order();
      await bed.caughtUp('order_summary', last.position);
      const stuck = new AdvisoryLease(bed.db.url, 'projection:order_summary:g1', log, 25);
      await projector.stop(); // the worker lets go; the test holds the lease as a worker that never would
      expect(await stuck.acquire(AbortSignal.timeout(2000))).toBe(true);
      try {
        const operator = projector.operator({ quiesceTimeoutMs: 300 });
        await expect(operator.reset('order_summary', { toPosition: Position.START }, ops)).rejects.toMatchObject({ code: 'WORKER_STILL_ACTIVE' });
        expect(await bed.registry.generations('order_summary')).toMatchObject([{ state: 'running', position: last.position }]);
      } finally {
        await stuck.release();
      }
    });
  });

  describe('reset without a position', () => {
    it('builds a new generation beside the live one, which the running projector switches readers to', async () => {
      const operator = await started(bed.projector([orderSummary]));
      const last = await order();
      await bed.caughtUp('order_summary', last.position);
      const result = await operator.reset('order_summary', {}, ops);
      expect(result.reset).toEqual({ rebuild: 2 });
      expect(result.generations.map((g) => [g.generation, g.phase])).toEqual([[1, 'live'], [2, 'building']]);
      await waitFor(async () => (await bed.registry.live('order_summary'))?.generation === 2);
      expect(await rows('select count(*)::int as n from read_models.order_summary')).toEqual([{ n: 1 }]);
    });
  });

  describe('the audit log', () => {
    it('records who did what to which projection, with the parameters and the outcome, refusals included, newest first', async () => {
      const operator = await started(bed.projector([orderSummary, flaky('other').projection]));
      await waitFor(async () => Boolean(await bed.registry.live('order_summary')));
      await operator.pause('order_summary', ops);
      await expect(operator.reset('order_summary', { toPosition: 'nope' }, { subject: 'sam', role: null, via: 'cli' })).rejects.toThrow();
      await expect(operator.pause('no_such_model', ops)).rejects.toThrow();

      const entries = await operator.auditLog();
      expect(entries.map((e) => [e.action, e.projection, e.outcome])).toEqual([
        ['pause', 'no_such_model', 'refused'],
        ['reset', 'order_summary', 'refused'],
        ['pause', 'order_summary', 'succeeded'],
      ]);
      expect(entries[1]).toMatchObject({ actor: { subject: 'sam', role: null, via: 'cli' }, parameters: { toPosition: 'nope' }, detail: { code: 'INVALID_POSITION' } });
      expect(entries[2]).toMatchObject({ actor: ops, parameters: {}, detail: { message: 'order_summary: paused generation 1', generations: [{ generation: 1, state: 'paused' }] } });
      expect(entries[2]!.at).toBeInstanceOf(Date);
      expect((await operator.auditLog({ projection: 'order_summary', limit: 1 })).map((e) => e.id)).toEqual([entries[1]!.id]);
      expect((await operator.auditLog({ before: entries[1]!.id })).map((e) => e.id)).toEqual([entries[2]!.id]);
    });
  });
});
