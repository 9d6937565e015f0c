import { randomUUID } from 'node:crypto';
import { loadConfig } from '../platform/config';
import { waitUntilVisible } from '../platform/event-store/contract/contract-fixtures';
import { openRuntime, type Runtime } from '../platform/runtime';
import { orderTimeline } from '../projections/read-models/order-timeline.projection';
import { openReadSide } from '../projections/read-side';
import { rebuild } from '../projections/runtime/rebuild';
import { commerce, tempDataDir } from '../test/cli-process';
import { createTestDatabase, type TestDatabase } from '../test/postgres';
import { appendAuditedOrder, shipAuditedOrder, type AuditedOrder } from './audit/testing/audited-order';

describe('commerce audit timeline', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let order: AuditedOrder;
  let env: Record<string, string>;
  const data = tempDataDir('audit-timeline');

  beforeAll(async () => {
    db = await createTestDatabase('timelinecli');
    runtime = await openRuntime({ role: 'test', config: { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn', dataDir: data.dir } });
    order = await appendAuditedOrder(runtime.eventStore);
    await waitUntilVisible(runtime.eventStore, order.last.position);
    env = { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await runtime.close();
    await db.drop();
    data.remove();
  });

  async function run(args: string[]): Promise<{ code: number | null; stdout: string; output: string }> {
    const cmd = commerce(['audit', 'timeline', ...args], env);
    let stdout = '';
    cmd.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await cmd.exited(60_000);
    return { code, stdout, output: cmd.output() };
  }

  it('prints an aligned table from the event store while the read model is not built, saying so', async () => {
    const { code, stdout } = await run([order.orderId.toUpperCase()]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`order ${order.orderId}: Confirmed, customer ${order.customerId}, 5 event(s)`);
    expect(lines[1]).toMatch(/^source: the event store \(order, payment, fulfilment and stock streams\) at its head [0-9a-f]{32}$/);
    expect(lines[2]).toMatch(/^WARNING: read from the event store because the order_timeline read model is not built/);
    const header = lines[4]!;
    expect(header).toMatch(/^time \(occurred\)\s+event\s+stream@revision\s+actor \(role\)\s+summary\s+caused by\s+correlation$/);
    const rows = lines.slice(6).filter(Boolean);
    expect(rows).toHaveLength(5);
    const reserved = rows.find((r) => r.includes('StockReserved'))!;
    // Aligned: every column starts where its header does.
    expect(reserved.indexOf(`stock-${order.sku}@1`)).toBe(header.indexOf('stream@revision'));
    expect(reserved.indexOf('order-fulfilment (system)')).toBe(header.indexOf('actor (role)'));
    expect(reserved.indexOf(`Reserved 2 × ${order.sku}`)).toBe(header.indexOf('summary'));
    expect(reserved.indexOf(`${order.orderId}:reserve:${order.sku}`)).toBe(header.indexOf('caused by'));
    expect(rows[0]).toMatch(new RegExp(`^2026-04-01T09:00:02.000Z\\s+OrderPlaced\\s+order-${order.orderId}@0\\s+${order.customerId} \\(customer\\)`));
    expect(stdout).not.toContain(order.otherOrderId);
  });

  it('prints JSON from the read model once built, with the position it reflects and a warning when it lags the head', async () => {
    const readSide = await openReadSide(runtime);
    try {
      await rebuild(readSide.createProjector(['order_timeline']), runtime.eventStore, orderTimeline, { intervalMs: 50 });
    } finally {
      await readSide.close();
    }
    const shipped = await shipAuditedOrder(runtime.eventStore, order);
    await waitUntilVisible(runtime.eventStore, shipped.position);

    const { code, stdout } = await run([order.orderId, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ orderId: order.orderId, status: 'Confirmed', source: { kind: 'read-model', projection: 'order_timeline', generation: 1, lagEvents: 1, head: shipped.position } });
    expect(json.warnings).toEqual([expect.stringMatching(/^the read model lags the event store head by 1 event\(s\): events of this order after position [0-9a-f]{32} are missing/)]);
    expect(json.entries.map((e: { type: string }) => e.type)).toEqual(['OrderPlaced', 'FulfilmentStarted', 'StockReserved', 'PaymentAuthorized', 'OrderConfirmed']);
    expect(json.entries[3]).toMatchObject({ actor: { subject: 'payment-gateway', role: 'system' }, causationId: `${order.orderId}:authorize`, correlationId: order.orderId, streamId: `payment-${order.orderId}`, revision: 0 });
  });

  it('exits with 1 for an order it does not know', async () => {
    const unknown = randomUUID();
    const { code, output } = await run([unknown]);
    expect(code).toBe(1);
    expect(output).toContain(`Unknown order ${unknown}: the event store has no stream order-${unknown}`);
  });
});
