import type { Migration } from '../postgres/migrations';

/**
 * The search schema's fixed part. Each target's own tables are created by ensureTarget from its
 * spec; `targets` records that spec so every process (projector, read API) searches by the same one.
 * Constraint names carry a double underscore, which no target name can, so they never collide
 * with a target's tables in the schema's one namespace.
 */
export const searchMigrations: Migration[] = [
  {
    version: 1,
    name: 'targets and checkpoints',
    sql: `
create extension if not exists pg_trgm;
create schema if not exists search;
create table search.targets (
  name text collate "C" not null,
  spec jsonb not null,
  created_at timestamptz not null default now(),
  constraint targets__pk primary key (name)
);
create table search.checkpoints (
  target text collate "C" not null,
  position text not null,
  sequence bigint not null,
  updated_at timestamptz not null default now(),
  constraint checkpoints__pk primary key (target)
);
-- Optimal string alignment distance (a transposition is one edit, as in Elasticsearch's fuzziness).
-- Only ever run on the few vocabulary words the trigram index proposes for a query word.
create function search.edit_distance(a text, b text) returns int
language plpgsql immutable strict parallel safe as $$
declare
  la int := length(a);
  lb int := length(b);
  before int[];
  prev int[];
  cur int[];
  d int;
begin
  if la = 0 or lb = 0 then return greatest(la, lb); end if;
  prev := array(select generate_series(0, lb));
  for i in 1..la loop
    cur := array[i] || array_fill(0, array[lb]);
    for j in 1..lb loop
      d := least(prev[j + 1] + 1, cur[j] + 1, prev[j] + case when substr(a, i, 1) = substr(b, j, 1) then 0 else 1 end);
      if i > 1 and j > 1 and substr(a, i, 1) = substr(b, j - 1, 1) and substr(a, i - 1, 1) = substr(b, j, 1) then
        d := least(d, before[j - 1] + 1);
      end if;
      cur[j + 1] := d;
    end loop;
    before := prev;
    prev := cur;
  end loop;
  return prev[lb + 1];
end $$;`,
  },
];
