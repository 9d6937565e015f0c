import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { Position } from '../../platform/event-store/position';
import { trustedColumns } from '../../platform/event-store/postgres/postgres-event-store';

/**
 * The two physical limits a Postgres rebuild is held against, measured on the same server and data:
 * reading the log in order, and writing the model's final rows. Neither does any domain work.
 */

const COLUMNS = 'seq, tx_id, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash, previous_hash';

interface Row {
  seq: string; tx_id: string; stream_id: string; revision: string; event_id: string; type: string; schema_version: number;
  data: unknown; metadata: Record<string, unknown>; recorded_at: Date; hash: string; previous_hash: string;
}

export interface RawRead {
  events: number;
  seconds: number;
  perSecond: number;
}

/**
 * The whole events table in global order, `batch` rows per keyset query (a named statement, as the
 * store's own read is), each row turned into the object a projection receives, without schema
 * validation or upcasting. One connection, autocommit, like a subscription's reads.
 *
 * With `types`, it reads as a projection's trusted subscription does: every row, but the payload,
 * metadata and hashes only of those types; the others become bare envelopes. That is the limit of
 * the read a rebuild of that projection makes.
 */
export async function rawOrderedRead(pool: Pool, batch: number, types?: readonly string[]): Promise<RawRead> {
  const client = await pool.connect();
  const wanted = new Set(types ?? []);
  try {
    const start = performance.now();
    let after = { tx: '0', seq: '0' };
    let events = 0;
    for (;;) {
      const { rows } = await client.query<Row>({
        name: types ? 'bench_raw_read_trusted' : 'bench_raw_read',
        text: `select ${types ? trustedColumns('$4') : COLUMNS} from eventstore.events where (tx_id, seq) > ($1, $2) order by tx_id, seq limit $3`,
        values: types ? [after.tx, after.seq, batch, [...wanted]] : [after.tx, after.seq, batch],
      });
      const decoded = rows.map((r) => {
        const envelope = { eventId: r.event_id, type: r.type, schemaVersion: r.schema_version, streamId: r.stream_id, revision: Number(r.revision), position: Position.encode(BigInt(r.tx_id), BigInt(r.seq)) };
        const recordedAt = r.recorded_at.toISOString();
        return !types || wanted.has(r.type)
          ? { ...envelope, data: r.data, metadata: { ...r.metadata, recordedAt, hash: r.hash, previousHash: r.previous_hash } }
          : { ...envelope, data: undefined, metadata: { recordedAt } };
      });
      events += decoded.length;
      const last = rows.at(-1);
      if (!last || rows.length < batch) break;
      after = { tx: last.tx_id, seq: last.seq };
    }
    const seconds = (performance.now() - start) / 1000;
    return { events, seconds, perSecond: events / seconds };
  } finally {
    client.release();
  }
}

/** Several passes as one figure: total events over total time. */
export function combineReads(runs: RawRead[]): RawRead {
  const events = runs.reduce((a, r) => a + r.events, 0);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  return { events: events / runs.length, seconds: seconds / runs.length, perSecond: events / seconds };
}

export interface RawUpsert {
  /** The model's physical tables (main and side tables) and their row counts. */
  tables: { name: string; rows: number }[];
  rows: number;
  /** Time to upsert every row once (median of the passes). */
  seconds: number;
  rowsPerSecond: number;
  passes: number;
}

interface Column { name: string; type: string; generated: boolean; key: boolean }

async function columnsOf(pool: Pool, table: string): Promise<Column[]> {
  const { rows } = await pool.query<Column>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attgenerated <> '' as generated,
       coalesce(a.attnum = any(i.indkey), false) as key
     from pg_attribute a left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
     where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [table],
  );
  return rows;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Upserts the final rows of a Postgres read model's generation into empty scratch copies of its
 * tables (LIKE ... INCLUDING ALL: same columns, keys and indexes), `batch` rows per statement: one
 * `insert ... select from jsonb_to_recordset ... on conflict do update` per batch, autocommit, the
 * JSON encoding of each batch included in the time, as a projection's batch write pays it.
 * Repeated (emptying the copies in between, untimed) until `minSeconds` have been measured (3 to 50 passes).
 */
export async function rawUpsert(pool: Pool, target: string, batch: number, minSeconds: number): Promise<RawUpsert> {
  const { rows: found } = await pool.query<{ name: string }>(
    `select tablename as name from pg_tables where schemaname = 'read_models' and (tablename = $1 or starts_with(tablename, $1 || '__')) order by 1`,
    [target],
  );
  await pool.query('create schema if not exists bench_read');
  const tables: { name: string; rows: Record<string, unknown>[]; text: string }[] = [];
  for (const { name } of found) {
    const source = `read_models.${quote(name)}`;
    const scratch = `bench_read.${quote(name)}`;
    await pool.query(`drop table if exists ${scratch}; create table ${scratch} (like ${source} including all)`);
    const columns = (await columnsOf(pool, source)).filter((c) => !c.generated);
    const keys = columns.filter((c) => c.key).map((c) => quote(c.name));
    const others = columns.filter((c) => !c.key).map((c) => `${quote(c.name)} = excluded.${quote(c.name)}`);
    const list = columns.map((c) => quote(c.name)).join(', ');
    const text =
      `insert into ${scratch} (${list}) select ${list} from jsonb_to_recordset($1::jsonb) as x(${columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ')}) ` +
      `on conflict (${keys.join(', ')}) do ${others.length ? `update set ${others.join(', ')}` : 'nothing'}`;
    // As JSON values (dates as text, nested jsonb as objects), the form jsonb_to_recordset reads back.
    const { rows } = await pool.query<{ r: Record<string, unknown> }>(`select to_jsonb(t) as r from ${source} t`);
    tables.push({ name, rows: rows.map((row) => row.r), text });
  }
  const times: number[] = [];
  let measured = 0;
  while (times.length < 3 || (measured < minSeconds && times.length < 50)) {
    for (const t of tables) await pool.query(`truncate bench_read.${quote(t.name)}`);
    const start = performance.now();
    for (const t of tables) {
      for (let i = 0; i < t.rows.length; i += batch) {
        await pool.query({ name: `bench_upsert_${t.name}`.slice(0, 63), text: t.text, values: [JSON.stringify(t.rows.slice(i, i + batch))] });
      }
    }
    const seconds = (performance.now() - start) / 1000;
    times.push(seconds);
    measured += seconds;
  }
  for (const t of tables) await pool.query(`drop table bench_read.${quote(t.name)}`);
  const seconds = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const rows = tables.reduce((a, t) => a + t.rows.length, 0);
  return { tables: tables.map((t) => ({ name: t.name, rows: t.rows.length })), rows, seconds, rowsPerSecond: rows / seconds, passes: times.length };
}
