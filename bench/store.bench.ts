/**
 * Event-store benchmark (`npm run bench:store`): the Postgres adapter against the physical limits
 * of the same server, measured in the same run on an identical table. Prints a table and writes
 * bench/results/store.json. A report, not a test: exits 0 even when a goal is missed.
 *
 * Env: DATABASE_URL (else an embedded Postgres in .data/bench on a free port; either way a fresh
 * database bench_store), BENCH_SECONDS (3, per side and round), BENCH_ROUNDS (3),
 * BENCH_WARMUP_SECONDS (1), BENCH_READ_EVENTS (200000), BENCH_MILLION (1000000), LOG_LEVEL (warn).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import type { EventCodec } from '../platform/event-store/event-store.port';
import { PostgresEventStore } from '../platform/event-store/postgres/postgres-event-store';
import { createLogger } from '../platform/logger';
import { openBenchDatabase, serverSettings } from './lib/postgres';
import { finishReport, infoResult, ratioResult, thresholdResult, type BenchResult } from './lib/report';
import { envNumber, progress } from './lib/timed';
import { createRawTable } from './store/raw-baselines';
import { readAllComparison } from './store/read-all';
import { appendEvents, appendWithRss, subscriptionLatency } from './store/store-runs';
import { writeGrid } from './store/write-grid';

const SECONDS = envNumber('BENCH_SECONDS', 3);
const ROUNDS = Math.round(envNumber('BENCH_ROUNDS', 3));
const WARMUP = envNumber('BENCH_WARMUP_SECONDS', 1);
const READ_EVENTS = envNumber('BENCH_READ_EVENTS', 200_000);
const MILLION = envNumber('BENCH_MILLION', 1_000_000);
const RESULTS_FILE = path.join(__dirname, 'results', 'store.json');
const log = createLogger('bench', (process.env.LOG_LEVEL as 'warn' | undefined) ?? 'warn');

/** The domain registry's codec, if event-schemas/registry exists and exports one. */
function domainCodec(): EventCodec | undefined {
  const file = path.join(__dirname, '..', 'event-schemas', 'registry.ts');
  if (!existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = Object.values(require(file) as Record<string, unknown>);
  const isCodec = (v: unknown): v is EventCodec =>
    typeof v === 'object' && v !== null && typeof (v as EventCodec).encode === 'function' && typeof (v as EventCodec).decode === 'function';
  return exported.find(isCodec);
}

async function main(): Promise<void> {
  const notes: string[] = [];
  const results: BenchResult[] = [];
  const db = await openBenchDatabase({ database: 'bench_store', dataDir: path.resolve(__dirname, '..', '.data', 'bench'), poolSize: 48, log });
  const { pool } = db;
  const loadAtStart = os.loadavg()[0]!.toFixed(2);
  let subscriberPool: Pool | undefined;
  const stores: PostgresEventStore[] = [];
  const stopping = () => void Promise.allSettled(stores.map((s) => s.close())).then(() => db.close()).finally(() => process.exit(130));
  process.once('SIGINT', stopping);
  try {
    const settings = await serverSettings(pool);
    await PostgresEventStore.migrate(pool, log);
    notes.push(await createRawTable(pool));
    const store = new PostgresEventStore({ pool, connectionString: db.url, log });
    stores.push(store);

    progress(`write grid: ${ROUNDS} rounds x ${SECONDS} s per side after ${WARMUP} s warm-up`);
    const grid = await writeGrid(pool, store, { seconds: SECONDS, warmupSeconds: WARMUP, rounds: ROUNDS });
    results.push(...grid.results);
    notes.push(...grid.notes);

    const count = async () => Number((await pool.query<{ n: string }>('select count(*) as n from eventstore.events')).rows[0]!.n);
    const have = await count();
    if (have < READ_EVENTS) {
      progress(`topping up the log from ${have} to ${READ_EVENTS} events for read-all`);
      await appendEvents(store, READ_EVENTS - have, 4, 100, 'fill');
    }
    await pool.query('vacuum (analyze) eventstore.events');
    const codec = domainCodec();
    const readers: Record<string, PostgresEventStore> = { raw: store };
    if (codec) stores.push((readers.domain = new PostgresEventStore({ pool, codec, log })));
    progress(`read all: ${Object.keys(readers).join(', ')} codec vs raw cursor, 2 alternating rounds after a warm-up pass`);
    const reads = await readAllComparison(pool, readers, { batch: 1000, rounds: 2 });
    const cursor = reads.cursor;
    for (const [name, read] of Object.entries(reads.stores)) {
      if (read.events !== cursor.events) notes.push(`WARNING: readAll (${name} codec) returned ${read.events} events, the raw cursor ${cursor.events} rows`);
    }
    const rawRead = reads.stores.raw!;
    results.push(ratioResult(`read all, raw codec (${rawRead.events} events) vs raw cursor`, rawRead.perSecond, 'events/s', cursor.perSecond, ['>=', 0.5]));
    const domainRead = reads.stores.domain;
    results.push(infoResult('read all, domain registry codec vs raw cursor', domainRead?.perSecond ?? null, 'events/s', domainRead ? cursor.perSecond : null));
    if (!domainRead) notes.push('read all with the domain registry: not measured, event-schemas/registry does not exist (or exports no EventCodec)');

    progress('subscription latency: 1,000 appends/s for 10 s (+1 s warm-up), subscriber on its own pool with LISTEN');
    subscriberPool = new Pool({ connectionString: db.url, max: 4, application_name: 'bench-subscriber' });
    const subscriber = new PostgresEventStore({ pool: subscriberPool, connectionString: db.url, log });
    stores.push(subscriber);
    const sub = await subscriptionLatency(store, subscriber, { rate: 1000, seconds: 10, warmupSeconds: 1, writers: 16 });
    results.push(thresholdResult('subscription latency p50 @ 1,000 appends/s', sub.latency.p50, 'ms', ['<', 10]));
    results.push(thresholdResult('subscription latency p99 @ 1,000 appends/s', sub.latency.p99, 'ms', ['<', 50]));
    results.push(infoResult('subscription latency max', sub.latency.max, 'ms'));
    results.push(infoResult('subscription achieved append rate', sub.achievedRate, 'appends/s'));
    results.push({ ...ratioResult('subscription events delivered', sub.delivered, 'events', sub.appends), goal: '= 1 (all)', pass: sub.delivered === sub.appends });
    notes.push(
      `subscription: append ack p50 ${sub.appendLatency.p50.toFixed(2)} ms, p99 ${sub.appendLatency.p99.toFixed(2)} ms; ` +
        `${sub.early} deliveries arrived before their append promise resolved (counted as 0 ms)`,
    );

    progress(`RSS: appending ${MILLION} events (4 writers x 100 events per append)`);
    const rss = await appendWithRss(store, MILLION);
    results.push(thresholdResult(`peak RSS appending ${MILLION.toLocaleString('en-US')} events`, rss.peakMb, 'MB', ['<', 300]));
    results.push(infoResult('append rate during the RSS run (4w x 100e)', MILLION / rss.seconds, 'events/s'));
    notes.push(`RSS at the start of the RSS run: ${rss.startMb.toFixed(0)} MB (whole process, including swc-node and earlier phases)`);

    const env = [
      `PostgreSQL ${settings.version} (${db.server}); fsync=${settings.fsync}, synchronous_commit=${settings.synchronousCommit}, ` +
        `wal_sync_method=${settings.walSyncMethod}, full_page_writes=${settings.fullPageWrites}, shared_buffers=${settings.sharedBuffers}`,
      `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), 1-min load average ${loadAtStart} at start, ${os.loadavg()[0]!.toFixed(2)} at end`,
      `write runs: median of ${ROUNDS} alternating rounds of ${SECONDS} s after ${WARMUP} s warm-up, each preceded by CHECKPOINT; the database server and this process share the machine, so numbers are noisy`,
    ];
    console.log('\nEvent store benchmark');
    for (const line of env) console.log(`  ${line}`);
    finishReport(RESULTS_FILE, results, notes);
  } finally {
    process.removeListener('SIGINT', stopping);
    await Promise.allSettled(stores.map((s) => s.close()));
    await subscriberPool?.end().catch(() => undefined);
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
