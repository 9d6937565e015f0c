import type { Pool } from 'pg';
import { migrate, type Migration } from '../postgres/migrations';

export interface Snapshot {
  streamId: string;
  /** Version of the decider's state shape; a different one means "ignore this snapshot". */
  snapshotVersion: number;
  /** Revision of the last event folded into `state`. */
  revision: number;
  /** Hash of the event at `revision`, checked on load so a snapshot never outlives its stream. */
  eventHash: string;
  state: unknown;
}

export interface SnapshotStore {
  load(streamId: string, snapshotVersion: number): Promise<Snapshot | undefined>;
  /** Keeps the newest snapshot per stream; an older one never replaces a newer one. */
  save(snapshot: Snapshot): Promise<void>;
}

const migrations: Migration[] = [
  {
    version: 1,
    name: 'snapshots',
    sql: `
create schema if not exists snapshots;
create table snapshots.snapshots (
  stream_id text primary key,
  snapshot_version int not null,
  revision bigint not null,
  event_hash text not null,
  state jsonb not null,
  saved_at timestamptz not null default now()
);`,
  },
];

/**
 * JSON that keeps Map and Set (deciders use them for lookups), so states round-trip exactly.
 */
export function encodeState(state: unknown): string {
  return JSON.stringify(state, (_key, value: unknown) => {
    if (value instanceof Map) return { __map: [...value.entries()] };
    if (value instanceof Set) return { __set: [...value.values()] };
    return value;
  });
}

export function decodeState(json: string): unknown {
  return JSON.parse(json, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as { __map?: [unknown, unknown][]; __set?: unknown[] };
      if (v.__map && Object.keys(v).length === 1) return new Map(v.__map);
      if (v.__set && Object.keys(v).length === 1) return new Set(v.__set);
    }
    return value;
  });
}

export class PostgresSnapshotStore implements SnapshotStore {
  constructor(private readonly pool: Pool) {}

  static migrate(pool: Pool): Promise<number[]> {
    return migrate(pool, 'snapshots', migrations);
  }

  async load(streamId: string, snapshotVersion: number): Promise<Snapshot | undefined> {
    const { rows } = await this.pool.query<{ revision: string; event_hash: string; state: string }>(
      'select revision, event_hash, state::text as state from snapshots.snapshots where stream_id = $1 and snapshot_version = $2',
      [streamId, snapshotVersion],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { streamId, snapshotVersion, revision: Number(row.revision), eventHash: row.event_hash, state: decodeState(row.state) };
  }

  async save(s: Snapshot): Promise<void> {
    await this.pool.query(
      `insert into snapshots.snapshots (stream_id, snapshot_version, revision, event_hash, state) values ($1, $2, $3, $4, $5::jsonb)
       on conflict (stream_id) do update set snapshot_version = excluded.snapshot_version, revision = excluded.revision,
         event_hash = excluded.event_hash, state = excluded.state, saved_at = now()
       where snapshots.snapshots.revision < excluded.revision or snapshots.snapshots.snapshot_version <> excluded.snapshot_version`,
      [s.streamId, s.snapshotVersion, s.revision, s.eventHash, encodeState(s.state)],
    );
  }
}
