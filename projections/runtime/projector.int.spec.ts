import { randomUUID } from 'node:crypto';
import { projectionTestbed, type ProjectionTestbed } from '../../test/projections';
import { orderSummary } from '../read-models/order-summary.projection';
import { PositionWaiter } from './position-waiter';
import type { PostgresProjection } from './projection';
import { rebuild } from './rebuild';

const placed = (orderId: string, customerId = randomUUID()) => ({
  orderId, customerId,
  lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: { amountMinor: 500, currency: 'EUR' as const } }],
  total: { amountMinor: 1000, currency: 'EUR' as const },
});

/** A projection that counts orders and fails on an order whose customer id starts with 'bad'. */
function fragile(name: string, version = 1): PostgresProjection {
  return {
    name, version, kind: 'postgres', description: 'test',
    createTable: ({ table }) => `create table ${table} (order_id uuid primary key, version int not null)`,
    handlers: {
      OrderPlaced: async (e, { sql, table }) => {
        if (e.data.customerId.startsWith('bad00000')) throw new Error('cannot handle this customer');
        await sql.query(`insert into ${table} values ($1, $2)`, [e.data.orderId, version]);
      },
    },
  };
}

const BAD = 'bad00000-0000-4000-8000-000000000000';

describe('Projector', () => {
  let bed: ProjectionTestbed;
  beforeEach(async () => (bed = await projectionTestbed()));
  afterEach(() => bed.close());

  const rows = async (sql: string) => (await bed.db.pool.query(sql)).rows;

  it('builds a read model from the first event and keeps it live, with the checkpoint at the last event', async () => {
    const a = randomUUID();
    await bed.append(`order-${a}`, 'OrderPlaced', placed(a));
    await bed.projector([orderSummary]).start();
    const b = randomUUID();
    await bed.append(`order-${b}`, 'OrderPlaced', placed(b));
    const last = await bed.append(`order-${a}`, 'OrderConfirmed', { orderId: a });
    await bed.caughtUp('order_summary', last.position);
    const found = await rows('select order_id, status from read_models.order_summary order by status');
    expect(found).toEqual([{ order_id: a, status: 'Confirmed' }, { order_id: b, status: 'Pending' }]);
    expect((await bed.registry.live('order_summary'))!.position).toBe(last.position);
  });

  it('resumes after a restart from its checkpoint, applying nothing twice', async () => {
    const p1 = bed.projector([fragile('counted')]);
    await p1.start();
    const a = randomUUID();
    const first = await bed.append(`order-${a}`, 'OrderPlaced', placed(a));
    await bed.caughtUp('counted', first.position);
    await p1.stop();
    const b = randomUUID();
    const second = await bed.append(`order-${b}`, 'OrderPlaced', placed(b));
    await bed.projector([fragile('counted')]).start();
    await bed.caughtUp('counted', second.position);
    // A second insert of a would have failed on the primary key and dead-lettered it.
    expect(await rows('select count(*)::int as n from read_models.counted')).toEqual([{ n: 2 }]);
    expect(await bed.projector([]).deadLetters.list()).toEqual([]);
  });

  describe('when a handler keeps failing', () => {
    it('records a dead letter with the error and stops the projection just before the event (default)', async () => {
      await bed.projector([fragile('strict')]).start();
      const ok = randomUUID();
      const before = await bed.append(`order-${ok}`, 'OrderPlaced', placed(ok));
      const badOrder = randomUUID();
      const bad = await bed.append(`order-${badOrder}`, 'OrderPlaced', placed(badOrder, BAD));
      const later = randomUUID();
      await bed.append(`order-${later}`, 'OrderPlaced', placed(later));
      await waitFor(async () => (await bed.registry.live('strict'))?.state === 'stopped');
      const live = (await bed.registry.live('strict'))!;
      expect(live.position).toBe(before.position);
      expect(live.error).toContain('cannot handle this customer');
      const letters = await bed.projector([]).deadLetters.list('strict');
      expect(letters).toMatchObject([{ eventType: 'OrderPlaced', position: bad.position, status: 'pending', attempts: 3, error: 'Error: cannot handle this customer' }]);
      expect(await rows('select order_id from read_models.strict')).toEqual([{ order_id: ok }]);
    });

    it('skips the event and carries on when configured to skip', async () => {
      // Both events land in one batch: the one after the skipped event must still be applied.
      const badOrder = randomUUID();
      await bed.append(`order-${badOrder}`, 'OrderPlaced', placed(badOrder, BAD));
      const ok = randomUUID();
      const last = await bed.append(`order-${ok}`, 'OrderPlaced', placed(ok));
      await bed.projector([fragile('lenient')], { onError: 'skip' }).start();
      await bed.caughtUp('lenient', last.position);
      expect(await rows('select order_id from read_models.lenient')).toEqual([{ order_id: ok }]);
      expect(await bed.projector([]).deadLetters.list('lenient')).toMatchObject([{ status: 'skipped', resolvedBy: 'policy:skip' }]);
      expect((await bed.registry.live('lenient'))!.state).toBe('running');
    });
  });

  it('runs one active worker per projection; a standby takes over when the active one stops', async () => {
    const active = bed.projector([fragile('leased')]);
    const standby = bed.projector([fragile('leased')]);
    await active.start();
    await standby.start();
    const a = randomUUID();
    const first = await bed.append(`order-${a}`, 'OrderPlaced', placed(a));
    await bed.caughtUp('leased', first.position);
    await active.stop();
    const b = randomUUID();
    const second = await bed.append(`order-${b}`, 'OrderPlaced', placed(b));
    await bed.caughtUp('leased', second.position);
    expect(await rows('select count(*)::int as n from read_models.leased')).toEqual([{ n: 2 }]);
    expect(await bed.projector([]).deadLetters.list()).toEqual([]);
  });

  it('commits batches asynchronously, and tells waiting readers once a catch-up over full pages has ended', async () => {
    const observed: PostgresProjection = {
      name: 'observed', version: 1, kind: 'postgres', description: 'test',
      createTable: ({ table }) => `create table ${table} (order_id uuid primary key, synchronous_commit text not null)`,
      handlers: {
        OrderPlaced: async (e, { sql, table }) => {
          await sql.query(`insert into ${table} values ($1, current_setting('synchronous_commit'))`, [e.data.orderId]);
        },
      },
    };
    for (let i = 0; i < 25; i++) {
      const id = randomUUID();
      await bed.append(`order-${id}`, 'OrderPlaced', placed(id));
    }
    const last = await bed.settled();
    // Polls only once a minute: only the projector's notification can answer it in time.
    const waiter = new PositionWaiter(bed.db.pool, { listenUrl: bed.db.url, intervalMs: 60_000 });
    try {
      const waiting = waiter.waitFor('observed', last, 20_000);
      await new Promise((r) => setTimeout(r, 300)); // let it start listening
      // Pages of 10: two full ones (no notification after their batches), then a short one.
      await bed.projector([observed], { batchSize: 10 }).start();
      await waiting;
    } finally {
      waiter.close();
    }
    expect(await rows('select synchronous_commit, count(*)::int as n from read_models.observed group by 1')).toEqual([{ synchronous_commit: 'off', n: 25 }]);
  });

  describe('batches with no event it handles', () => {
    /** Counts the writes that move a projection's checkpoint in the registry. */
    async function countCheckpointWrites(projection: string): Promise<() => Promise<number>> {
      await bed.db.pool.query(`
        create table checkpoint_writes (projection text not null);
        create function count_checkpoint_write() returns trigger language plpgsql as $$
          begin insert into checkpoint_writes values (new.projection); return new; end $$;
        create trigger count_checkpoint_write after update of position on projections.generations
          for each row when (new.position is distinct from old.position) execute function count_checkpoint_write();`);
      return async () => (await rows(`select count(*)::int as n from checkpoint_writes where projection = '${projection}'`))[0].n as number;
    }

    it('are passed over without a write, and the checkpoint never moves past an event it has not applied', async () => {
      const writes = await countCheckpointWrites('sparse');
      const a = randomUUID();
      await bed.append(`order-${a}`, 'OrderPlaced', placed(a));
      let before = await bed.append(`order-${a}`, 'OrderConfirmed', { orderId: a });
      for (let i = 0; i < 59; i++) before = await bed.append(`order-${a}`, 'OrderConfirmed', { orderId: a });
      const badOrder = randomUUID();
      const bad = await bed.append(`order-${badOrder}`, 'OrderPlaced', placed(badOrder, BAD));
      for (let i = 0; i < 5; i++) await bed.append(`order-${a}`, 'OrderConfirmed', { orderId: a });
      await bed.settled();
      // Pages of 5: the first holds the OrderPlaced, eleven hold only OrderConfirmed (not handled),
      // the thirteenth the last of those, then the one the handler fails on.
      await bed.projector([fragile('sparse')], { batchSize: 5 }).start();
      await waitFor(async () => (await bed.registry.live('sparse'))?.state === 'stopped');
      const live = (await bed.registry.live('sparse'))!;
      expect(live.position).toBe(before.position);
      expect(live.position < bad.position).toBe(true);
      expect(live.sequence).toBe(61);
      expect(await rows('select order_id from read_models.sparse')).toEqual([{ order_id: a }]);
      expect(await writes()).toBeLessThan(11);
    });

    it('write the checkpoint past them once the worker is idle', async () => {
      const a = randomUUID();
      await bed.append(`order-${a}`, 'OrderPlaced', placed(a));
      for (let i = 0; i < 12; i++) await bed.append(`order-${a}`, 'OrderConfirmed', { orderId: a });
      const last = await bed.settled();
      await bed.projector([fragile('tail')], { batchSize: 5 }).start();
      await bed.caughtUp('tail', last);
      expect((await bed.registry.live('tail'))!.sequence).toBe(13);
      // And go on being passed over once live.
      const more = await bed.append(`order-${a}`, 'OrderShipped', { orderId: a, carrier: 'DHL' });
      await bed.caughtUp('tail', more.position);
    });
  });

  it('builds a new version beside the live one and switches readers once it has caught up', async () => {
    const v1 = bed.projector([fragile('versioned', 1)]);
    await v1.start();
    const a = randomUUID();
    const first = await bed.append(`order-${a}`, 'OrderPlaced', placed(a));
    await bed.caughtUp('versioned', first.position);
    await v1.stop();
    await bed.projector([fragile('versioned', 2)], { graceMs: 0 }).start();
    await waitFor(async () => (await bed.registry.live('versioned'))?.version === 2);
    expect(await rows('select order_id, version from read_models.versioned')).toEqual([{ order_id: a, version: 2 }]);
    await waitFor(async () => (await bed.registry.generations('versioned')).some((g) => g.generation === 1 && g.phase === 'dropped'));
    expect(await rows(`select tablename from pg_tables where schemaname = 'read_models' and tablename like 'versioned%'`)).toEqual([{ tablename: 'versioned_g2' }]);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('rebuild', () => {
  let bed: ProjectionTestbed;
  beforeEach(async () => (bed = await projectionTestbed()));
  afterEach(() => bed.close());

  it('builds the next generation while the live one keeps serving, reports progress, and switches readers at the end', async () => {
    const live = bed.projector([orderSummary]);
    await live.start();
    let last;
    for (let i = 0; i < 30; i++) {
      const id = randomUUID();
      last = await bed.append(`order-${id}`, 'OrderPlaced', placed(id));
    }
    await bed.caughtUp('order_summary', last!.position);
    const progress: number[] = [];
    const result = await rebuild(bed.projector([orderSummary]), bed.store, orderSummary, { intervalMs: 20, onProgress: (p) => progress.push(p.done) });
    expect(result).toMatchObject({ generation: 2, completed: true });
    expect(result.events).toBeGreaterThanOrEqual(30);
    expect(progress.at(-1)).toBe(result.events);
    const gens = await bed.registry.generations('order_summary');
    expect(gens.map((g) => [g.generation, g.phase])).toEqual([[1, 'retired'], [2, 'live']]);
    expect((await bed.db.pool.query('select count(*)::int as n from read_models.order_summary')).rows).toEqual([{ n: 30 }]);
    // The view now reads generation 2's table.
    const { rows } = await bed.db.pool.query(`select definition from pg_views where schemaname = 'read_models' and viewname = 'order_summary'`);
    expect(rows[0].definition).toContain('order_summary_g2');
  });

  it('resumes an interrupted rebuild from its checkpoint when run again', async () => {
    for (let i = 0; i < 200; i++) {
      const id = randomUUID();
      await bed.append(`order-${id}`, 'OrderPlaced', placed(id));
    }
    // The rebuild counts as complete once it has applied what is visible: wait until all 200 are
    // (on the shared test cluster another file's open transaction can hide the last appends).
    await bed.settled();
    await bed.registry.addGeneration(fragile('resumable'));
    const abort = new AbortController();
    const first = await rebuild(bed.projector([fragile('resumable', 1)], { batchSize: 5 }), bed.store, fragile('resumable'), {
      signal: abort.signal,
      intervalMs: 10,
      onProgress: (p) => p.done >= 5 && abort.abort(),
    });
    expect(first.completed).toBe(false);
    const second = await rebuild(bed.projector([fragile('resumable', 1)]), bed.store, fragile('resumable'), { intervalMs: 10 });
    expect(second).toMatchObject({ generation: 2, completed: true });
    // A restart from the first event would have hit the primary key and dead-lettered.
    expect(await bed.projector([]).deadLetters.list()).toEqual([]);
    expect((await bed.db.pool.query('select count(*)::int as n from read_models.resumable')).rows).toEqual([{ n: 200 }]);
  });
});

describe('stopping', () => {
  it('stops at once when told to while its workers are still starting', async () => {
    const bed = await projectionTestbed();
    try {
      const projector = bed.projector([orderSummary, fragile('starting')]);
      await projector.start();
      const started = Date.now();
      await projector.stop();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await bed.close();
    }
  });
});
