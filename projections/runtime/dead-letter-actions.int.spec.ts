import { Position } from '../../platform/event-store/position';
import { projectionTestbed, type ProjectionTestbed } from '../../test/projections';
import { orderSummary } from '../read-models/order-summary.projection';
import type { ProjectionOperator } from './operator-actions';
import type { PostgresProjection } from './projection';
import { BAD_CUSTOMER, flaky, ops, placed, waitFor } from './testing/operator-fixtures';

describe('Operator actions on dead letters', () => {
  let bed: ProjectionTestbed;
  let operator: ProjectionOperator;
  let model: { projection: PostgresProjection; heal(): void };
  /** Positions of: an order before the bad one, the bad one, and one after it. */
  let before: Position, bad: Position, after: Position;

  const rows = async (sql: string) => (await bed.db.pool.query(sql)).rows;
  const order = async (customerId?: string) => {
    const p = placed(undefined, customerId);
    return (await bed.append(`order-${p.orderId}`, 'OrderPlaced', p)).position;
  };
  const live = async () => (await bed.registry.live('fragile'))!;
  const letters = () => operator.deadLetters('fragile');

  /** A projection stopped on a dead letter, with one more event waiting behind it. */
  beforeEach(async () => {
    bed = await projectionTestbed();
    model = flaky('fragile');
    const projector = bed.projector([model.projection, orderSummary]);
    await projector.start();
    operator = projector.operator({ quiesceTimeoutMs: 3000 });
    before = await order();
    bad = await order(BAD_CUSTOMER);
    after = await order();
    await waitFor(async () => (await live()).state === 'stopped');
  });
  afterEach(() => bed.close());

  it('lists the dead letters with id, event, error and status', async () => {
    expect(await letters()).toEqual([
      expect.objectContaining({ id: expect.any(Number), generation: 1, position: bad, eventType: 'OrderPlaced', error: 'Error: cannot handle this customer yet', status: 'pending', attempts: 3 }),
    ]);
    expect(await operator.deadLetters('fragile', { status: 'skipped' })).toEqual([]);
    await expect(operator.deadLetters('fragile', { status: 'lost' })).rejects.toMatchObject({ code: 'INVALID_STATUS' });
    await expect(operator.deadLetters('nope')).rejects.toMatchObject({ code: 'PROJECTION_NOT_FOUND' });
  });

  describe('retry', () => {
    it('marks the dead letter retried and sets the generation running, so the worker applies the event once the cause is fixed', async () => {
      const [letter] = await letters();
      expect((await live()).position).toBe(before);
      model.heal();
      const result = await operator.retry('fragile', { id: String(letter!.id) }, ops);
      expect(result.deadLetters).toEqual([expect.objectContaining({ id: letter!.id, status: 'retried', resolvedBy: 'ops-ada', resolvedAt: expect.any(Date) })]);
      await bed.caughtUp('fragile', after);
      expect((await live()).state).toBe('running');
      expect(await rows('select count(*)::int as n, max(deliveries) as most from read_models.fragile')).toEqual([{ n: 3, most: 1 }]);
    });

    it('without an id retries every pending dead letter; failing again records a new one and stops again', async () => {
      const [first] = await letters();
      await operator.retry('fragile', {}, ops);
      await waitFor(async () => (await letters()).length === 2 && (await live()).state === 'stopped');
      const [old, fresh] = await letters();
      expect(old).toMatchObject({ id: first!.id, status: 'retried' });
      expect(fresh).toMatchObject({ position: bad, status: 'pending' });
      expect((await live()).position).toBe(before);
    });

    it('refuses, changing nothing: a malformed id, an unknown one, one of another projection, one already resolved, and nothing pending', async () => {
      const [letter] = await letters();
      await expect(operator.retry('fragile', { id: 'one' }, ops)).rejects.toMatchObject({ kind: 'invalid', code: 'INVALID_DEAD_LETTER_ID', details: { field: 'id' } });
      await expect(operator.retry('fragile', { id: '999' }, ops)).rejects.toMatchObject({ kind: 'not-found', code: 'DEAD_LETTER_NOT_FOUND' });
      await expect(operator.retry('order_summary', { id: String(letter!.id) }, ops)).rejects.toMatchObject({ code: 'DEAD_LETTER_NOT_FOUND' });
      await expect(operator.retry('order_sumary', { id: String(letter!.id) }, ops)).rejects.toMatchObject({ code: 'PROJECTION_NOT_FOUND' });
      expect(await letters()).toEqual([expect.objectContaining({ status: 'pending' })]);
      expect((await live()).state).toBe('stopped');

      await operator.skip('fragile', { id: letter!.id }, ops);
      await expect(operator.retry('fragile', { id: letter!.id }, ops)).rejects.toMatchObject({ kind: 'conflict', code: 'DEAD_LETTER_NOT_PENDING', message: expect.stringContaining('already skipped by ops-ada') });
      await expect(operator.retry('fragile', {}, ops)).rejects.toMatchObject({ kind: 'conflict', code: 'NO_PENDING_DEAD_LETTERS' });
    });

    it('refuses a dead letter the checkpoint has already passed (DEAD_LETTER_BEHIND_CHECKPOINT) and one of a retired generation (GENERATION_RETIRED)', async () => {
      const [letter] = await letters();
      await bed.registry.savePosition(bed.db.pool, await live(), bad, 2, null);
      await expect(operator.retry('fragile', { id: letter!.id }, ops)).rejects.toMatchObject({ code: 'DEAD_LETTER_BEHIND_CHECKPOINT' });
      await bed.registry.retire(await live());
      await expect(operator.retry('fragile', { id: letter!.id }, ops)).rejects.toMatchObject({ code: 'GENERATION_RETIRED' });
      expect(await letters()).toEqual([expect.objectContaining({ status: 'pending' })]);
    });
  });

  describe('skip', () => {
    it('moves the checkpoint past exactly that event, marks it skipped and resumes: the events after it are applied', async () => {
      const [letter] = await letters();
      const result = await operator.skip('fragile', { id: letter!.id }, ops);
      expect(result.deadLetters).toEqual([expect.objectContaining({ status: 'skipped', resolvedBy: 'ops-ada' })]);
      await bed.caughtUp('fragile', after);
      expect(await live()).toMatchObject({ state: 'running', error: null, sequence: 3 });
      expect(await rows('select count(*)::int as n from read_models.fragile')).toEqual([{ n: 2 }]);
    });

    it('refuses a dead letter that is not the next event after the checkpoint (DEAD_LETTER_NOT_NEXT), saying where the checkpoint is', async () => {
      const [letter] = await letters();
      await operator.reset('fragile', { toPosition: Position.START }, ops);
      await expect(operator.skip('fragile', { id: letter!.id }, ops)).rejects.toMatchObject({
        kind: 'conflict', code: 'DEAD_LETTER_NOT_NEXT', details: { checkpoint: Position.START, nextPosition: before },
        message: expect.stringContaining(`its checkpoint is ${Position.START}`),
      });
      expect(await live()).toMatchObject({ state: 'stopped', position: Position.START });
      expect(await letters()).toEqual([expect.objectContaining({ status: 'pending' })]);
    });

    it('refuses without an id (INVALID_DEAD_LETTER_ID) and records every refusal in the audit log', async () => {
      await expect(operator.skip('fragile', {}, ops)).rejects.toMatchObject({ code: 'INVALID_DEAD_LETTER_ID', message: expect.stringContaining('is required') });
      expect(await operator.auditLog()).toEqual([expect.objectContaining({ action: 'skip', outcome: 'refused', detail: expect.objectContaining({ code: 'INVALID_DEAD_LETTER_ID' }) })]);
      expect((await live()).state).toBe('stopped');
    });
  });

  describe('pause and resume of a stopped projection', () => {
    it('are refused with PROJECTION_STOPPED, naming the dead letter to retry or skip', async () => {
      const [letter] = await letters();
      for (const action of ['pause', 'resume'] as const) {
        await expect(operator[action]('fragile', ops)).rejects.toMatchObject({ code: 'PROJECTION_STOPPED', details: { deadLetters: [letter!.id] } });
      }
      expect((await live()).state).toBe('stopped');
    });
  });
});
