import { Pool } from 'pg';
import { createTestDatabase, genericPlan, type TestDatabase } from '../../test/postgres';
import { DeadlineStore, REPLACE_SQL } from './deadlines';

const PROCESS = 'test-process';

describe('DeadlineStore', () => {
  let db: TestDatabase;
  let deadlines: DeadlineStore;

  beforeAll(async () => {
    db = await createTestDatabase('deadlines');
    await DeadlineStore.migrate(db.pool);
    deadlines = new DeadlineStore(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  async function stored(key: string) {
    const { rows } = await db.pool.query<{ kind: string; due_at: Date; next_fire_at: Date; attempts: number }>(
      'select kind, due_at, next_fire_at, attempts from processing.deadlines where process = $1 and key = $2 order by kind',
      [PROCESS, key],
    );
    return rows.map((r) => ({ kind: r.kind, dueAt: r.due_at.toISOString(), nextFireAt: r.next_fire_at.toISOString(), attempts: r.attempts }));
  }

  describe('replace', () => {
    it('stores the stated deadlines, moves changed ones and drops those no longer stated', async () => {
      await deadlines.replace(PROCESS, 'order-1', [
        { kind: 'payment', at: '2030-01-01T00:00:30.000Z' },
        { kind: 'reservations', at: '2030-01-01T00:15:00.000Z' },
      ]);
      expect(await stored('order-1')).toEqual([
        { kind: 'payment', dueAt: '2030-01-01T00:00:30.000Z', nextFireAt: '2030-01-01T00:00:30.000Z', attempts: 0 },
        { kind: 'reservations', dueAt: '2030-01-01T00:15:00.000Z', nextFireAt: '2030-01-01T00:15:00.000Z', attempts: 0 },
      ]);

      await deadlines.replace(PROCESS, 'order-1', [{ kind: 'payment', at: '2030-01-01T00:01:00.000Z' }]);
      expect(await stored('order-1')).toEqual([{ kind: 'payment', dueAt: '2030-01-01T00:01:00.000Z', nextFireAt: '2030-01-01T00:01:00.000Z', attempts: 0 }]);

      await deadlines.replace(PROCESS, 'order-1', []);
      expect(await stored('order-1')).toEqual([]);
    });

    it('leaves other keys alone', async () => {
      await deadlines.replace(PROCESS, 'order-2', [{ kind: 'payment', at: '2030-01-01T00:00:30.000Z' }]);
      await deadlines.replace(PROCESS, 'order-3', []);
      expect(await stored('order-2')).toHaveLength(1);
    });

    it('gives each of many keys stated at the same time exactly its own deadlines', async () => {
      const keys = Array.from({ length: 30 }, (_, i) => `order-many-${i}`);
      await Promise.all(keys.map((key) => deadlines.replace(PROCESS, key, [{ kind: 'payment', at: '2030-01-01T00:00:30.000Z' }, { kind: 'reservations', at: '2030-01-01T00:15:00.000Z' }])));
      const at = (i: number) => `2030-01-01T00:${String(i).padStart(2, '0')}:00.000Z`;
      await Promise.all(keys.map((key, i) => deadlines.replace(PROCESS, key, i % 3 === 0 ? [] : i % 3 === 1 ? [{ kind: 'payment', at: at(i) }] : [{ kind: 'reservations', at: '2030-01-01T00:15:00.000Z' }])));
      for (const [i, key] of keys.entries()) {
        const expected = i % 3 === 0 ? [] : i % 3 === 1 ? [{ kind: 'payment', dueAt: at(i) }] : [{ kind: 'reservations', dueAt: '2030-01-01T00:15:00.000Z' }];
        expect((await stored(key)).map(({ kind, dueAt }) => ({ kind, dueAt }))).toEqual(expected);
      }
    });

    it('keeps the retry backoff of a deadline that fired and is stated again unchanged', async () => {
      await deadlines.replace(PROCESS, 'order-4', [{ kind: 'payment', at: '2020-01-01T00:00:00.000Z' }]);
      const due = await deadlines.claimDue(PROCESS);
      expect(due).toEqual([{ key: 'order-4', kind: 'payment', dueAt: '2020-01-01T00:00:00.000Z', attempts: 1 }]);
      const [fired] = await stored('order-4');
      expect(Date.parse(fired!.nextFireAt)).toBeGreaterThan(Date.now());

      await deadlines.replace(PROCESS, 'order-4', [{ kind: 'payment', at: '2020-01-01T00:00:00.000Z' }]);
      expect(await stored('order-4')).toEqual([fired]);
      expect(await deadlines.claimDue(PROCESS)).toEqual([]);

      await deadlines.replace(PROCESS, 'order-4', [{ kind: 'payment', at: '2020-01-01T00:00:05.000Z' }]);
      expect(await deadlines.claimDue(PROCESS)).toEqual([{ key: 'order-4', kind: 'payment', dueAt: '2020-01-01T00:00:05.000Z', attempts: 1 }]);
    });
  });

  it('replace: the generic plan made against a few hundred deadlines finds each key’s deadlines by key and reads no table in full', async () => {
    // Not analyzed yet, as just after a process manager starts on a new database.
    await db.pool.query(
      `insert into processing.deadlines (process, key, kind, due_at, next_fire_at)
       select 'plans', 'order-' || i, 'payment', now(), now() from generate_series(1, 300) i`,
    );
    try {
      const plan = await genericPlan(db.pool, REPLACE_SQL, `'{plans,plans}', '{order-1,order-2}', '{plans}', '{order-1}', '{expiry}', array[now()]`);
      expect(plan).toMatch(/Index (Only )?Scan using deadlines_pkey/);
      expect(plan).not.toMatch(/Seq Scan on deadlines|Hash Join/);
    } finally {
      await db.pool.query(`delete from processing.deadlines where process = 'plans'`);
    }
  });

  it('replace and claimDue are planned once per connection: after five custom plans the connection keeps the generic one', async () => {
    // One connection, so pg_prepared_statements counts every call of both statements.
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      const own = new DeadlineStore(pool);
      for (let i = 0; i < 12; i++) {
        await own.replace('plan-cache', `order-${i}`, [{ kind: 'payment', at: '2020-01-01T00:00:00.000Z' }]);
        expect(await own.claimDue('plan-cache')).toEqual([{ key: `order-${i}`, kind: 'payment', dueAt: '2020-01-01T00:00:00.000Z', attempts: 1 }]);
      }
      const { rows } = await pool.query<{ name: string; generic_plans: string; custom_plans: string }>(
        `select name, generic_plans, custom_plans from pg_prepared_statements where name like 'deadlines_%' order by name`,
      );
      expect(rows.map((r) => ({ name: r.name, custom: Number(r.custom_plans), generic: Number(r.generic_plans) }))).toEqual([
        { name: 'deadlines_claim_due', custom: 5, generic: 7 },
        { name: 'deadlines_replace', custom: 5, generic: 7 },
      ]);
    } finally {
      await pool.query(`delete from processing.deadlines where process = 'plan-cache'`);
      await pool.end();
    }
  });
});
