import type { Pool } from 'pg';
import { Position } from '../event-store/position';
import { migrate, type Migration } from '../postgres/migrations';

const migrations: Migration[] = [
  {
    version: 1,
    name: 'checkpoints',
    sql: `
create schema if not exists processing;
create table processing.checkpoints (
  name text primary key,
  position text not null,
  updated_at timestamptz not null default now()
);`,
  },
];

/** Where each subscriber (process manager, relay, ...) got to: the position of its last fully handled event. */
export class CheckpointStore {
  constructor(private readonly pool: Pool) {}

  static migrate(pool: Pool): Promise<number[]> {
    return migrate(pool, 'processing', migrations);
  }

  async load(name: string): Promise<Position> {
    const { rows } = await this.pool.query<{ position: string }>('select position from processing.checkpoints where name = $1', [name]);
    return rows[0] ? Position.parse(rows[0].position) : Position.START;
  }

  /** Only ever moves forward, so a slow writer of an older checkpoint cannot move it back. */
  async save(name: string, position: Position): Promise<void> {
    await this.pool.query(
      `insert into processing.checkpoints (name, position) values ($1, $2)
       on conflict (name) do update set position = excluded.position, updated_at = now()
       where processing.checkpoints.position < excluded.position`,
      [name, position],
    );
  }

  async reset(name: string, position: Position = Position.START): Promise<void> {
    await this.pool.query(
      `insert into processing.checkpoints (name, position) values ($1, $2) on conflict (name) do update set position = excluded.position, updated_at = now()`,
      [name, position],
    );
  }
}
