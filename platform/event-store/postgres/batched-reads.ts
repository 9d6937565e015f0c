import type { Pool } from 'pg';
import { QueryBatcher } from './query-batcher';

export const EVENT_COLUMNS = ['seq', 'tx_id', 'stream_id', 'revision', 'event_id', 'type', 'schema_version', 'data', 'metadata', 'recorded_at', 'hash', 'previous_hash'];

export interface EventRow {
  seq: string;
  tx_id: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  hash: string;
  previous_hash: string;
}

export interface HeadRow {
  revision: string;
  last_hash: string;
  last_tx: string;
  last_seq: string;
}

/** Calls running at once before more wait to share one query; reads are short, so few are needed. */
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 200;

/*
 * Both statements look each element up by key in a LATERAL subquery that cannot be flattened
 * (OFFSET 0). The generic plan is made once per connection, often while the tables are still
 * small (a fresh shop, a new database): as a plain join, against a few hundred streams, it was a
 * hash join over a full scan, kept while the table grew to many thousands of rows (each lookup
 * of two product heads then read every stream). A per-element lookup stays a key lookup
 * whatever the table's size when it was planned.
 */
export const STREAM_HEADS_SQL = `select q.i, s.revision, s.last_hash, s.last_tx, s.last_seq
  from unnest((select $1::text[])) with ordinality as q(stream_id, i)
  cross join lateral (
    select s.revision, s.last_hash, s.last_tx, s.last_seq from eventstore.streams s
    where s.stream_id = q.stream_id and s.revision >= 0 offset 0
  ) s`;

const E_COLUMNS = EVENT_COLUMNS.map((c) => `e.${c}`).join(', ');

export const READ_STREAMS_SQL = `select q.i, ${E_COLUMNS}
  from unnest((select $1::text[]), (select $2::bigint[])) with ordinality as q(stream_id, from_revision, i)
  cross join lateral (
    select ${E_COLUMNS} from eventstore.events e
    where e.stream_id = q.stream_id and e.revision >= q.from_revision order by e.revision offset 0
  ) e
  order by q.i, e.revision`;

/**
 * Stream heads and whole-stream reads (from a revision on) asked for at the same time by
 * different commands go to Postgres as one query: a write API answering many orders at once looks
 * up many product heads, a process manager reads many order and payment streams. Each answer is
 * exactly what the query alone would return, as of one snapshot taken after the call was made.
 * The arrays go in through sub-selects, so Postgres keeps one generic plan per connection instead
 * of planning each call for its array (as for the log reads in postgres-event-store.ts).
 */
export function batchedReads(pool: Pool): {
  heads: QueryBatcher<string, HeadRow | undefined>;
  streams: QueryBatcher<{ streamId: string; fromRevision: number }, EventRow[]>;
} {
  const heads = new QueryBatcher<string, HeadRow | undefined>(MAX_IN_FLIGHT, MAX_BATCH, async (streamIds) => {
    const { rows } = await pool.query<HeadRow & { i: string }>({
      name: 'eventstore_stream_heads',
      text: STREAM_HEADS_SQL,
      values: [streamIds],
    });
    const byIndex = new Map(rows.map((row) => [Number(row.i), row]));
    return streamIds.map((_, i) => byIndex.get(i + 1));
  });
  const streams = new QueryBatcher<{ streamId: string; fromRevision: number }, EventRow[]>(MAX_IN_FLIGHT, MAX_BATCH, async (reads) => {
    const { rows } = await pool.query<EventRow & { i: string }>({
      name: 'eventstore_read_streams',
      text: READ_STREAMS_SQL,
      values: [reads.map((r) => r.streamId), reads.map((r) => r.fromRevision)],
    });
    const out: EventRow[][] = reads.map(() => []);
    for (const row of rows) out[Number(row.i) - 1]!.push(row);
    return out;
  });
  return { heads, streams };
}
