import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../event-schemas';
import { loadConfig } from '../platform/config';
import { waitUntilVisible } from '../platform/event-store/contract/contract-fixtures';
import type { EventStore, NewEvent } from '../platform/event-store/event-store.port';
import { openRuntime, type Runtime } from '../platform/runtime';
import { commerce, tempDataDir } from '../test/cli-process';
import { createTestDatabase, type TestDatabase } from '../test/postgres';

/** `commerce audit invariants` against a real database, through the built CLI. */
describe('commerce audit invariants', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let env: Record<string, string>;
  const data = tempDataDir('audit-invariants');
  const sku = `MUG-${randomUUID().slice(0, 8).toUpperCase()}`;
  const orderId = randomUUID();

  const event = (type: string, payload: object): NewEvent<DomainEvent> =>
    ({
      eventId: randomUUID(),
      type,
      data: payload,
      metadata: { correlationId: orderId, causationId: randomUUID(), actor: { subject: 'auditor-test', role: 'admin' }, occurredAt: new Date().toISOString() },
    }) as NewEvent<DomainEvent>;

  async function append(events: NewEvent<DomainEvent>[], expected: 'no_stream' | number): Promise<void> {
    const result = await (runtime.eventStore as EventStore<DomainEvent>).append(`stock-${sku}`, events, expected);
    await waitUntilVisible(runtime.eventStore, result.position);
  }

  async function run(args: string[]): Promise<{ code: number | null; output: string; stdout: string }> {
    const cmd = commerce(['audit', 'invariants', ...args], env);
    const code = await cmd.exited(60_000);
    return { code, output: cmd.output(), stdout: cmd.stdout() };
  }

  beforeAll(async () => {
    db = await createTestDatabase('auditinv');
    runtime = await openRuntime({ role: 'test', config: { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn', dataDir: data.dir } });
    env = { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await runtime.close();
    await db.drop();
    data.remove();
  });

  it('says every invariant holds on a sound log, exit code 0', async () => {
    await append([event('StockReceived', { sku, quantity: 5 })], 'no_stream');
    const { code, output } = await run([]);
    expect(output).toContain('checked 1 events in 1 streams');
    expect(output).toMatch(/ok +stock-never-negative +1 checks:/);
    expect(output).toContain('every invariant holds');
    expect(code).toBe(0);
  });

  it('names the stream, revision and position of a broken invariant, exit code 2, as text and as JSON', async () => {
    // Appended straight to the store, past the decider that would have refused it: 9 reserved of 5 on hand.
    await append([event('StockReserved', { sku, reservationId: `${orderId}:reserve:${sku}`, orderId, quantity: 9, expiresAt: '2030-01-01T00:00:00.000Z' })], 0);
    const text = await run([]);
    expect(text.code).toBe(2);
    expect(text.output).toMatch(/FAIL +stock-never-negative +1 violation\(s\) in 2 checks:/);
    expect(text.output).toContain(`stock-${sku}@1 (position `);
    expect(text.output).toContain('after StockReserved: available -4');
    expect(text.output).toContain('1 violation(s) of the domain invariants');

    const json = await run(['--json']);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { violations: number; results: { invariant: string; examples: { streamId: string; revision: number; detail: string }[] }[] };
    expect(report.violations).toBe(1);
    expect(report.results.find((r) => r.invariant === 'stock-never-negative')!.examples).toEqual([expect.objectContaining({ streamId: `stock-${sku}`, revision: 1, detail: 'after StockReserved: available -4' })]);
  });

  it('refuses a --grace that is not a number of seconds, exit code 1', async () => {
    const { code, output } = await run(['--grace', 'soon']);
    expect(output).toContain('--grace must be a number of seconds ≥ 0, got "soon"');
    expect(code).toBe(1);
  });
});
