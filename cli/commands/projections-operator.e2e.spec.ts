import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { DomainEvent } from '../../event-schemas';
import { loadConfig } from '../../platform/config';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { commerce, tempDataDir, type RunningCommand } from '../../test/cli-process';
import { createTestDatabase, type TestDatabase } from '../../test/postgres';

const BAD = 'bad00000-0000-4000-8000-0000000000e2';

describe('commerce projections: operator commands', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let projector: RunningCommand | undefined;
  const data = tempDataDir('projections-ops');
  let env: Record<string, string>;

  const run = async (...args: string[]) => {
    const command = commerce(['projections', ...args], env);
    const code = await command.exited(60_000);
    return { code, output: command.output() };
  };
  const liveState = async () => (await db.pool.query(`select state, position from projections.generations where projection = 'order_summary' and phase = 'live'`)).rows[0];
  const order = async (customerId: string = randomUUID()) => {
    const orderId = randomUUID();
    const event = {
      eventId: randomUUID(), type: 'OrderPlaced' as const,
      data: { orderId, customerId, lines: [{ sku: 'MUG-1', quantity: 1, unitPrice: { amountMinor: 500, currency: 'EUR' as const } }], total: { amountMinor: 500, currency: 'EUR' as const } },
      metadata: { correlationId: orderId, causationId: orderId, actor: { subject: 'e2e', role: 'customer' }, occurredAt: new Date().toISOString() },
    };
    return (runtime.eventStore as EventStore<DomainEvent>).append(`order-${orderId}`, [event], 'no_stream');
  };
  const until = async (condition: () => Promise<boolean>, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`condition not met in time; projector output:\n${projector?.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('pops');
    runtime = await openRuntime({ role: 'test', config: { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn', dataDir: data.dir } });
    env = { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir, LOG_LEVEL: 'warn' };
    await order();
    expect((await run('rebuild', 'order_summary')).code).toBe(0);
  });
  afterAll(async () => {
    projector?.child.kill('SIGTERM');
    await projector?.exited().catch(() => undefined);
    await runtime.close();
    await db.drop();
    data.remove();
  });

  it('pauses, resumes and rewinds a read model, refusing bad input with its code and exit status 1', async () => {
    expect(await run('pause', 'order_summary', '--actor', 'ticket-42')).toEqual({ code: 0, output: 'order_summary: paused generation 1\n' });
    expect(await liveState()).toMatchObject({ state: 'paused' });
    expect(await run('resume', 'order_summary')).toMatchObject({ code: 0, output: expect.stringMatching(/^order_summary: resumed generation 1 from [0-9a-f]{32}\n$/) });

    const bad = await run('reset', 'order_summary', '--to', 'yesterday');
    expect(bad).toMatchObject({ code: 1, output: expect.stringContaining('[INVALID_POSITION]') });
    expect(await run('pause', 'order_sumary')).toMatchObject({ code: 1, output: expect.stringMatching(/Unknown projection "order_sumary": one of order_summary.*\[PROJECTION_NOT_FOUND\]/) });
    expect(await run('skip', 'order_summary')).toMatchObject({ code: 1, output: expect.stringContaining("required option '--id <deadLetterId>' not specified") });
    expect(await run('audit-log', '--limit', 'lots')).toMatchObject({ code: 1, output: expect.stringContaining('--limit must be a whole number from 1 to 1000') });

    const before = await liveState();
    const reset = await run('reset', 'order_summary', '--to', Position.START, '--json');
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.output)).toMatchObject({ action: 'reset', reset: { generation: 1, from: before.position, to: Position.START }, generations: [{ state: 'running', position: Position.START }] });
  });

  it('lists the dead letter a running projector stopped on, skips it while the projector runs, and the audit log shows every action', async () => {
    await db.pool.query(`alter table read_models.order_summary_g1 add constraint refuse_customer check (customer_id <> '${BAD}')`);
    projector = commerce(['projector', '--only', 'order_summary'], env);
    await order(BAD);
    await until(async () => (await liveState())?.state === 'stopped');

    const list = await run('dead-letters', 'order_summary');
    expect(list.code).toBe(0);
    expect(list.output).toMatch(/^id\s+gen\s+status\s+event\s+event id\s+position\s+attempts\s+recorded\s+error\n/);
    expect(list.output).toMatch(/\n(\d+)\s+g1\s+pending\s+OrderPlaced\s.*refuse_customer/);
    const id = /\n(\d+)\s+g1\s+pending/.exec(list.output)![1]!;

    expect(await run('retry', 'order_summary', '--id', '999999')).toMatchObject({ code: 1, output: expect.stringContaining('[DEAD_LETTER_NOT_FOUND]') });
    expect(await run('skip', 'order_summary', '--id', id, '--actor', 'ticket-43')).toMatchObject({ code: 0, output: expect.stringContaining(`order_summary: skipped dead letter ${id} (OrderPlaced at`) });
    const after = await order();
    await until(async () => (await liveState()).position >= after.position);
    expect(await liveState()).toMatchObject({ state: 'running' });
    expect((await run('dead-letters', 'order_summary', '--status', 'skipped')).output).toMatch(new RegExp(`\\n${id}\\s+g1\\s+skipped \\(ticket-43\\)`));

    const audit = await run('audit-log', '--json');
    const entries = JSON.parse(audit.output) as { action: string; outcome: string; actor: { subject: string; via: string }; detail: { code?: string } }[];
    expect(entries.map((e) => `${e.action} ${e.outcome} ${e.detail.code ?? ''}`.trim())).toEqual([
      'skip succeeded', 'retry refused DEAD_LETTER_NOT_FOUND', 'reset succeeded', 'pause refused PROJECTION_NOT_FOUND', 'reset refused INVALID_POSITION', 'resume succeeded', 'pause succeeded',
    ]);
    expect(entries[0]!.actor).toEqual({ subject: 'ticket-43', role: null, via: 'cli' });
    expect(entries[5]!.actor.subject).toBe(os.userInfo().username);
    const table = await run('audit-log', '--projection', 'order_summary', '--limit', '2');
    expect(table.output).toMatch(/skip\s+order_summary\s+\{"id":"\d+"\}\s+succeeded/);
    expect(table.output.trim().split('\n')).toHaveLength(4);
  });

  it('runs only the read models of the stores --kind names, and refuses a bad selection before starting anything', async () => {
    const refused = async (...args: string[]) => {
      const command = commerce(['projector', ...args], env);
      return { code: await command.exited(60_000), output: command.output() };
    };
    expect(await refused('--kind', 'mongo')).toMatchObject({ code: 1, output: expect.stringContaining('Unknown read-model store "mongo": one of postgres, documents, search') });
    expect(await refused('--kind', 'postgres', '--only', 'order_summary')).toMatchObject({ code: 1, output: expect.stringContaining('--only and --kind both choose the read models to run') });

    projector?.child.kill('SIGTERM');
    await projector?.exited(30_000);
    const generations = async () => (await db.pool.query<{ projection: string }>(`select distinct projection from projections.generations order by 1`)).rows.map((r) => r.projection);
    expect(await generations()).toEqual(['order_summary']);
    projector = commerce(['projector', '--kind', 'documents'], env);
    await until(async () => (await generations()).length === 3);
    expect(await generations()).toEqual(['customer_orders', 'order_summary', 'order_timeline']);
    projector.child.kill('SIGTERM');
    expect(await projector.exited(30_000)).toBe(0);
    projector = undefined;
  });
});
