import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { DomainEvent } from '../event-schemas';
import { eventRegistry } from '../event-schemas/registry';
import { loadConfig } from '../platform/config';
import type { EventStore } from '../platform/event-store/event-store.port';
import { allVisible } from '../platform/event-store/export/testing/all-visible';
import { appendBulkHistory } from '../platform/event-store/export/testing/bulk-history';
import { openRuntime, type Runtime } from '../platform/runtime';
import { commerce, tempDataDir } from '../test/cli-process';
import { createTestDatabase, type TestDatabase } from '../test/postgres';
import { appendSyntheticHistory } from '../test/synthetic-history';

const BULK = 200_000;
const RSS_LIMIT_MB = 200;

/** Peak resident memory of a running process: VmHWM (the kernel's high-water mark), sampled until it exits. */
function watchPeakRss(pid: number): { stop(): number } {
  let peakKb = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      for (const field of ['VmHWM', 'VmRSS']) {
        const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
        peakKb = Math.max(peakKb, kb);
      }
    } catch {
      // exited between two samples
    }
  };
  const timer = setInterval(sample, 50);
  sample();
  return { stop: () => (clearInterval(timer), peakKb / 1024) };
}

describe('commerce events export', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  const data = tempDataDir('events-export');
  let env: Record<string, string>;
  let shopEvents: number;
  let bulkStart: string; // the first event after the shop's history

  beforeAll(async () => {
    db = await createTestDatabase('export');
    runtime = await openRuntime({ role: 'test', config: { ...loadConfig({}), databaseUrl: db.url, logLevel: 'warn', dataDir: data.dir } });
    const store = runtime.eventStore as EventStore<DomainEvent>;
    shopEvents = await appendSyntheticHistory(store, { orders: 40, skus: 5 });
    await allVisible(store as EventStore, db.pool);
    const shopHead = await store.headPosition();
    await appendBulkHistory(store, { events: BULK - shopEvents });
    await allVisible(store as EventStore, db.pool);
    bulkStart = (await store.readAll({ after: shopHead, maxCount: 1 }))[0]!.position;
    env = { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir, LOG_LEVEL: 'warn' };
  }, 120_000);
  afterAll(async () => {
    await runtime.close();
    await db.drop();
    data.remove();
  });

  it(`exports ${BULK.toLocaleString('en-US')} events as NDJSON with RSS under ${RSS_LIMIT_MB} MB, and every line decodes with the event registry`, async () => {
    const out = path.join(data.dir, 'all.ndjson');
    const run = commerce(['events', 'export', '--format', 'ndjson', '--out', out], env);
    const rss = watchPeakRss(run.child.pid!);
    const code = await run.exited(90_000);
    const peakMb = rss.stop();
    expect(code).toBe(0);
    process.stdout.write(`events export: ${BULK} events, ${(statSync(out).size / 1e6).toFixed(0)} MB of NDJSON, peak RSS ${peakMb.toFixed(0)} MB\n`);
    expect(peakMb).toBeGreaterThan(0);
    expect(peakMb).toBeLessThan(RSS_LIMIT_MB);
    expect(run.output()).toMatch(new RegExp(`exported ${BULK.toLocaleString('en-US')} of ${BULK.toLocaleString('en-US')} events`));
    expect(existsSync(`${out}.partial`)).toBe(false);

    let lines = 0;
    let previous = '';
    const types = new Set<string>();
    for await (const line of createInterface({ input: createReadStream(out), crlfDelay: Infinity })) {
      const event = JSON.parse(line) as { position: string; type: string; schemaVersion: number; data: unknown };
      expect(eventRegistry.decode(event.type, event.schemaVersion, event.data)).toEqual({ schemaVersion: event.schemaVersion, data: event.data });
      if (!(event.position > previous)) throw new Error(`line ${lines + 1}: position ${event.position} is not after ${previous}`);
      previous = event.position;
      types.add(event.type);
      lines += 1;
    }
    expect(lines).toBe(BULK);
    expect(types.size).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it('writes CSV to stdout with the progress on stderr, ending before --to', async () => {
    const run = commerce(['events', 'export', '--format', 'csv', '--type', 'OrderPlaced,OrderCancelled', '--to', bulkStart], env);
    let stdout = '';
    run.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await run.exited()).toBe(0);
    const records = stdout.trimEnd().split('\r\n');
    expect(records[0]).toBe('position,eventId,type,schemaVersion,streamId,revision,recordedAt,occurredAt,actor,correlationId,causationId,data');
    expect(records).toHaveLength(1 + 40 + 4);
    expect(records.slice(1).every((r) => /^[0-9a-f]{32},[0-9a-f-]{36},Order(Placed|Cancelled),\d,order-/.test(r))).toBe(true);
    expect(records[1]).toMatch(/,system:synthetic,.*,"\{""orderId"":/);
    expect(run.output().replace(stdout, '')).toMatch(/exported 44 of \d+ events read to stdout/);
  });

  it('refuses a bad argument with a clear message and exit code 1, writing nothing', async () => {
    // Every message is unit-tested beside the parser; here: the process's exit code and the file.
    const out = path.join(data.dir, 'refused.csv');
    const cases: [string[], RegExp][] = [
      [['--from', 'yesterday'], /--from "yesterday" is neither an instant nor a position/],
      [['--type', 'OrderPlacd'], /--type: Unknown event type "OrderPlacd"\. Did you mean OrderPlaced\?/],
      [['--format', 'xml'], /--format "xml" is not supported: use ndjson or csv/],
    ];
    const runs = cases.map(([args]) => commerce(['events', 'export', ...args, '--out', out], env));
    for (const [i, run] of runs.entries()) {
      expect(await run.exited()).toBe(1);
      expect(run.output()).toMatch(cases[i]![1]);
    }
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });
});
