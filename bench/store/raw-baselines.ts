import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { copyFrom, copyText } from '../lib/copy-from';
import { DATA_JSON, EVENT_TYPE, METADATA_JSON, benchStream, hashAt } from './fixtures';

/**
 * The physical limits: plain statements against bench_raw.events, a copy of eventstore.events
 * (same columns, types, identity, constraints and indexes), with rows of the same shape and size.
 */
export const RAW_TABLE = 'bench_raw.events';
const COLUMNS = 'tx_id, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash, previous_hash';

/** Creates the baseline table and proves it matches eventstore.events; returns a description. */
export async function createRawTable(pool: Pool): Promise<string> {
  await pool.query(`create schema bench_raw; create table ${RAW_TABLE} (like eventstore.events including all)`);
  const columns = (schema: string) =>
    pool.query<{ d: string }>(
      `select string_agg(format('%s %s %s %s %s %s', column_name, data_type, is_nullable, is_identity, identity_generation, column_default), ', ' order by ordinal_position) as d
       from information_schema.columns where table_schema = $1 and table_name = 'events'`,
      [schema],
    );
  // Index names differ (LIKE names them itself); compare definitions without name and schema.
  const indexes = (schema: string) =>
    pool.query<{ d: string; n: string }>(
      `select string_agg(regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+', 'CREATE \\1INDEX ON'), '; ' order by 1) as d, count(*) as n
       from pg_indexes where schemaname = $1 and tablename = 'events'`,
      [schema],
    );
  const constraints = (schema: string) =>
    pool.query<{ d: string }>(
      `select string_agg(contype::text || ':' || regexp_replace(pg_get_constraintdef(c.oid), '\\s+', ' '), '; ' order by 1) as d
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = $1 and t.relname = 'events' and contype in ('p', 'u', 'c', 'f')`,
      [schema],
    );
  for (const [what, query] of [['columns', columns], ['indexes', indexes], ['constraints', constraints]] as const) {
    const [a, b] = [(await query('eventstore')).rows[0]?.d, (await query('bench_raw')).rows[0]?.d];
    if (a !== b) throw new Error(`${RAW_TABLE} differs from eventstore.events in its ${what}:\n  ${a}\n  ${b}`);
  }
  const n = (await indexes('bench_raw')).rows[0]?.n;
  return `${RAW_TABLE} created with LIKE ... INCLUDING ALL; columns (incl. identity), ${n} indexes and constraints verified identical`;
}

function placeholders(rows: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const p = (i: number) => `$${r * 9 + i}`;
    out.push(`(pg_current_xact_id()::text::bigint, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, now(), ${p(8)}, ${p(9)})`);
  }
  return out.join(', ');
}

/**
 * Autocommit INSERT of `rowsPerStatement` rows per statement, one statement per operation; each
 * worker writes its own stream with consecutive revisions, so the primary key never conflicts.
 */
export function rawInsertOp(pool: Pool, rowsPerStatement: number, label: string): (worker: number) => Promise<number> {
  const text = `insert into ${RAW_TABLE} (${COLUMNS}) values ${placeholders(rowsPerStatement)}`;
  const name = `raw_insert_${rowsPerStatement}`;
  const streams = new Map<number, { id: string; next: number }>();
  return async (worker) => {
    let stream = streams.get(worker);
    if (!stream) streams.set(worker, (stream = { id: benchStream(label), next: 0 }));
    const values: unknown[] = [];
    for (let i = 0; i < rowsPerStatement; i++) {
      const revision = stream.next + i;
      values.push(stream.id, revision, randomUUID(), EVENT_TYPE, 1, DATA_JSON, METADATA_JSON, hashAt(revision + 1), hashAt(revision));
    }
    await pool.query({ name, text, values });
    stream.next += rowsPerStatement;
    return rowsPerStatement;
  };
}

/**
 * COPY FROM STDIN of `rowsPerCopy` rows per statement on one held connection. COPY cannot call
 * pg_current_xact_id(), so tx_id is a client counter (same type and width; seq keeps it unique).
 */
export async function rawCopyOp(pool: Pool, rowsPerCopy: number): Promise<{ op: () => Promise<number>; release: () => void }> {
  const client = await pool.connect();
  const stream = benchStream('rawcopy');
  const statement = `copy ${RAW_TABLE} (${COLUMNS}) from stdin`;
  const data = copyText(DATA_JSON);
  const metadata = copyText(METADATA_JSON);
  let revision = 0;
  let txId = 1_000_000_000;
  return {
    op: async () => {
      const recordedAt = new Date().toISOString();
      const tx = txId++;
      let text = '';
      for (let i = 0; i < rowsPerCopy; i++, revision++) {
        text += `${tx}\t${stream}\t${revision}\t${randomUUID()}\t${EVENT_TYPE}\t1\t${data}\t${metadata}\t${recordedAt}\t${hashAt(revision + 1)}\t${hashAt(revision)}\n`;
      }
      const rows = await copyFrom(client, statement, Buffer.from(text));
      if (rows !== rowsPerCopy) throw new Error(`COPY stored ${rows} rows, expected ${rowsPerCopy}`);
      return rows;
    },
    release: () => client.release(),
  };
}

/** Reads every event in global order through a server-side cursor, `batch` rows per FETCH, in one transaction. */
export async function rawCursorRead(pool: Pool, batch: number): Promise<{ rows: number; seconds: number }> {
  const client = await pool.connect();
  try {
    const start = performance.now();
    await client.query('begin');
    await client.query('declare all_events no scroll cursor for select * from eventstore.events order by tx_id, seq');
    let rows = 0;
    for (;;) {
      const result = await client.query(`fetch ${batch} from all_events`);
      rows += result.rows.length;
      if (result.rows.length < batch) break;
    }
    await client.query('commit');
    return { rows, seconds: (performance.now() - start) / 1000 };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
