import type { Migration } from '../../platform/postgres/migrations';

/**
 * The projection registry lives in Postgres whatever store a read model uses: Postgres is always
 * there, and one transactional place for "which generation is live" makes the switch-over atomic.
 *
 * A projection has generations: each is one build of the read model into its own physical target
 * (table, collection, index) from the first event. `phase` is its place in the life cycle
 * (building → live → retired → dropped); `state` is whether its worker may run (running, paused,
 * stopped on a dead letter).
 */
export const registryMigrations: Migration[] = [
  {
    version: 1,
    name: 'generations and dead letters',
    sql: `
create schema if not exists projections;
create schema if not exists read_models;

create table projections.generations (
  projection text not null,
  generation int not null,
  version int not null,
  kind text not null check (kind in ('postgres', 'documents', 'search')),
  target text not null,
  phase text not null check (phase in ('building', 'live', 'retired', 'dropped')),
  state text not null default 'running' check (state in ('running', 'paused', 'stopped')),
  position text not null default '${'0'.repeat(32)}',
  sequence bigint not null default 0,
  last_event_at timestamptz,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  live_since timestamptz,
  retired_at timestamptz,
  primary key (projection, generation)
);
create unique index generations_one_live on projections.generations (projection) where phase = 'live';
create unique index generations_one_building on projections.generations (projection) where phase = 'building';

create table projections.dead_letters (
  id bigserial primary key,
  projection text not null,
  generation int not null,
  position text not null,
  event_id uuid not null,
  event_type text not null,
  stream_id text not null,
  error text not null,
  attempts int not null,
  status text not null default 'pending' check (status in ('pending', 'retried', 'skipped')),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by text
);
create index dead_letters_open on projections.dead_letters (projection, generation) where status = 'pending';
`,
  },
  {
    version: 2,
    name: 'operator audit log',
    // One row per operator action (pause, resume, reset, retry, skip), refused ones included:
    // an attempt that was turned down is as much a part of the record as one that went through.
    sql: `
create table projections.operator_audit (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  actor_role text,
  via text not null check (via in ('cli', 'http')),
  action text not null,
  projection text not null,
  parameters jsonb not null default '{}',
  outcome text not null check (outcome in ('succeeded', 'refused', 'failed')),
  detail jsonb not null default '{}'
);
create index operator_audit_by_projection on projections.operator_audit (projection, id);
`,
  },
];
