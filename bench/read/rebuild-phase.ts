import type { Pool } from 'pg';
import type { DomainEvent } from '../../event-schemas';
import type { EventStore } from '../../platform/event-store/event-store.port';
import type { Runtime } from '../../platform/runtime';
import { openReadSide, selectProjections } from '../../projections/read-side';
import { handledTypes } from '../../projections/runtime/projection';
import type { BenchResult } from '../lib/report';
import { progress } from '../lib/timed';
import { sampleCpu } from '../write/cpu';
import { loadHistory } from './history';
import { combineReads, rawOrderedRead, rawUpsert, type RawRead } from './raw-limits';
import { rebuildCpuNote, rebuildOne } from './rebuild-rates';
import { postgresRebuildRows, rebuildInfoRow } from './results';

export const POSTGRES_MODELS = ['order_summary', 'stock_level', 'sales_by_day'];
const UPSERT_BATCH = 500;
const FLOOR = 20_000;

export interface RebuildPhaseOptions {
  runtime: Runtime;
  pool: Pool;
  events: number;
  concurrency: number;
  infoModels: string[];
  /** False: only load the history (the servers' projector then builds the models). */
  measure: boolean;
  postmaster: number | undefined;
  cores: number;
}

/** Loads the history, then rebuilds each model alone, the raw ordered read measured before and after the Postgres ones. */
export async function measureRebuilds(options: RebuildPhaseOptions): Promise<{ results: BenchResult[]; notes: string[] }> {
  const { runtime, pool, cores } = options;
  const notes: string[] = [];
  const results: BenchResult[] = [];
  progress(`loading ~${options.events.toLocaleString('en-US')} events of shop history through the event store (${options.concurrency} appends at once)`);
  const history = await loadHistory(runtime.eventStore as EventStore<DomainEvent>, pool, options.events, options.concurrency);
  notes.push(
    `history: ${history.events.toLocaleString('en-US')} events (${history.orders.toLocaleString('en-US')} orders over 50 products, test/synthetic-history) appended in ${history.seconds.toFixed(1)} s (${Math.round(history.events / history.seconds).toLocaleString('en-US')} events/s)`,
  );
  if (!options.measure) return { results, notes };

  const batch = runtime.config.projectionBatchSize;
  const readSide = await openReadSide(runtime);
  try {
    const cpu = () => sampleCpu({ 'this process': process.pid }, options.postmaster);
    // Other work on the machine comes and goes, so each rebuild is held against raw reads made
    // just before and just after it, not against one figure from minutes earlier. A rebuild reads
    // as a trusted subscriber (the payloads of its own types only), so its limit is a raw read of
    // those same columns; the read of every column is measured too, for reference.
    progress(`raw ordered read of the events table, ${batch} per query: a warm-up pass, every column; then per model, of the columns its rebuild reads, before and after it`);
    await rawOrderedRead(pool, batch);
    const reads: RawRead[] = [await rawOrderedRead(pool, batch)];
    const modelReads: string[] = [];
    const rebuildBetweenReads = async (name: string) => {
      const types = [...handledTypes(selectProjections([name])[0]!)];
      const before = await rawOrderedRead(pool, batch, types);
      progress(`rebuilding ${name} from the first event (rebuild(), batch ${batch})`);
      const rate = await rebuildOne(readSide, name, history.positions, cpu);
      progress(`  ${Math.round(rate.perSecond).toLocaleString('en-US')} events/s`);
      const after = await rawOrderedRead(pool, batch, types);
      modelReads.push(`${name} (${types.length} types) ${Math.round(before.perSecond).toLocaleString('en-US')} / ${Math.round(after.perSecond).toLocaleString('en-US')}`);
      if (!rate.completed) notes.push(`WARNING: the rebuild of ${name} did not complete`);
      notes.push(rebuildCpuNote(rate, cores));
      return { rate, read: combineReads([before, after]) };
    };
    for (const name of POSTGRES_MODELS) {
      const { rate, read } = await rebuildBetweenReads(name);
      progress(`  raw upsert of ${name}'s final rows`);
      const upsert = await rawUpsert(pool, rate.target, UPSERT_BATCH, 1);
      results.push(...postgresRebuildRows(rate, read, batch, upsert, UPSERT_BATCH, FLOOR));
      notes.push(
        `raw upsert for ${name}: ${upsert.tables.map((t) => `${t.name} ${t.rows.toLocaleString('en-US')} rows`).join(', ')} into empty LIKE copies, ` +
          `median of ${upsert.passes} passes ${(upsert.seconds * 1000).toFixed(0)} ms; events/s-equivalent = rows/s x events per row (all ${history.events.toLocaleString('en-US')} events / its rows)`,
      );
    }
    for (const name of options.infoModels) {
      const { rate, read } = await rebuildBetweenReads(name);
      results.push(rebuildInfoRow(rate, read));
    }
    reads.push(await rawOrderedRead(pool, batch));
    notes.push(
      `raw ordered reads of every column, before and after the rebuilds: ${reads.map((r) => Math.round(r.perSecond).toLocaleString('en-US')).join(', ')} events/s (reference only). ` +
        `Each rebuild's read limit is a raw read of the columns it reads (every row; payload, metadata and hashes of its own types), just before / after it, in events/s: ${modelReads.join('; ')}. ` +
        `Rebuild rates count every event the generation went through (its sequence), handled or not; time from the rebuild() call to its return, progress polled every 20 ms`,
    );
  } finally {
    await readSide.close();
  }
  return { results, notes };
}
