import type { Migration } from '../../postgres/migrations';

/**
 * Global order: events are read in (tx_id, seq) order and only below the oldest transaction still
 * running (pg_snapshot_xmin). A bigserial alone would let a reader pass a sequence number that a
 * slower transaction commits later; xmin guarantees no transaction with a smaller tx_id can still
 * add rows, so a position, once passed, is never filled in behind the reader.
 *
 * Appends are one call to eventstore.append(): lock (or create) the stream row, detect an
 * idempotent retry, check the expected revision, chain the hashes and insert the batch.
 * Conflicts are raised with SQLSTATE CE001 (detail: actual revision, -1 = no stream) and
 * CE002 (event id reused by a different batch; detail: the stream holding it).
 */
export const eventStoreMigrations: Migration[] = [
  {
    version: 1,
    name: 'events, streams and the append function',
    sql: `
create schema if not exists eventstore;

create table eventstore.streams (
  stream_id text primary key,
  revision bigint not null,
  last_hash text not null,
  last_tx bigint,
  last_seq bigint
);

create table eventstore.events (
  seq bigint generated always as identity,
  tx_id bigint not null,
  stream_id text not null,
  revision bigint not null,
  event_id uuid not null,
  type text not null,
  schema_version int not null,
  data jsonb not null,
  metadata jsonb not null,
  recorded_at timestamptz not null,
  hash text not null,
  previous_hash text not null,
  constraint events_pkey primary key (stream_id, revision),
  constraint events_event_id_key unique (event_id)
);
create unique index events_global_order on eventstore.events (tx_id, seq);

create function eventstore.append(
  p_stream text, p_expected bigint,
  p_ids uuid[], p_types text[], p_versions int[], p_data jsonb[], p_metadata jsonb[], p_digests text[]
) returns table (next_revision bigint, tx_id bigint, seq bigint, appended boolean)
language plpgsql as $fn$
#variable_conflict use_column
declare
  v_rev bigint;
  v_hash text;
  v_tx bigint;
  v_seq bigint;
  v_n int := cardinality(p_ids);
  v_hashes text[] := array[]::text[];
  v_prev text[] := array[]::text[];
  v_found record;
  v_now timestamptz := date_trunc('milliseconds', clock_timestamp());
begin
  loop
    select s.revision, s.last_hash into v_rev, v_hash from eventstore.streams s where s.stream_id = p_stream for update;
    exit when found;
    insert into eventstore.streams (stream_id, revision, last_hash) values (p_stream, -1, repeat('0', 64))
      on conflict do nothing;
    if found then
      v_rev := -1;
      v_hash := repeat('0', 64);
      exit;
    end if;
  end loop;

  -- Checked under the stream lock, so a retry racing its original sees the committed original.
  select e.stream_id, e.revision into v_found from eventstore.events e where e.event_id = p_ids[1];
  if found then
    if v_found.stream_id = p_stream and (
      select count(*) from eventstore.events e
      where e.stream_id = p_stream and e.revision between v_found.revision and v_found.revision + v_n - 1
        and e.event_id = p_ids[(e.revision - v_found.revision + 1)::int]
    ) = v_n then
      return query select e.revision, e.tx_id, e.seq, false from eventstore.events e
        where e.stream_id = p_stream and e.revision = v_found.revision + v_n - 1;
      return;
    end if;
    raise exception 'event id % already appended', p_ids[1] using errcode = 'CE002', detail = v_found.stream_id;
  end if;

  if (p_expected = -2 and v_rev <> -1) or (p_expected = -3 and v_rev = -1) or (p_expected >= 0 and p_expected <> v_rev) then
    raise exception 'wrong expected revision' using errcode = 'CE001', detail = v_rev::text;
  end if;

  for i in 1..v_n loop
    v_prev := v_prev || v_hash;
    v_hash := encode(sha256(convert_to(v_hash || E'\\n' || p_stream || E'\\n' || (v_rev + i)::text || E'\\n' || p_digests[i], 'UTF8')), 'hex');
    v_hashes := v_hashes || v_hash;
  end loop;

  v_tx := pg_current_xact_id()::text::bigint;
  with ins as (
    insert into eventstore.events (tx_id, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash, previous_hash)
    select v_tx, p_stream, v_rev + u.o, u.id, u.t, u.v, u.d, u.m, v_now, u.h, u.ph
    from unnest(p_ids, p_types, p_versions, p_data, p_metadata, v_hashes, v_prev) with ordinality as u(id, t, v, d, m, h, ph, o)
    order by u.o
    returning events.seq
  )
  select max(ins.seq) into v_seq from ins;

  update eventstore.streams set revision = v_rev + v_n, last_hash = v_hash, last_tx = v_tx, last_seq = v_seq
    where stream_id = p_stream;
  return query select v_rev + v_n, v_tx, v_seq, true;
end
$fn$;
`,
  },
  {
    version: 2,
    name: 'append_batch: several appends in one call and one commit',
    sql: `
create function eventstore.append_batch(
  p_streams text[], p_expected bigint[], p_counts int[],
  p_ids uuid[], p_types text[], p_versions int[], p_data jsonb[], p_metadata jsonb[], p_digests text[]
) returns table (entry int, next_revision bigint, tx_id bigint, seq bigint, appended boolean, error text, detail text)
language plpgsql as $fn$
#variable_conflict use_column
declare
  v_tx bigint := pg_current_xact_id()::text::bigint;
  v_now timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_off int := 0;
  v_stream text;
  v_expected bigint;
  v_n int;
  v_first uuid;
  v_created boolean;
  v_rev bigint;
  v_hash text;
  v_seq bigint;
  v_hashes text[];
  v_prev text[];
  v_found record;
begin
  for v_entry in 1..cardinality(p_streams) loop
    v_stream := p_streams[v_entry];
    v_expected := p_expected[v_entry];
    v_n := p_counts[v_entry];
    v_first := p_ids[v_off + 1];
    v_created := false;
    loop
      select s.revision, s.last_hash into v_rev, v_hash from eventstore.streams s where s.stream_id = v_stream for update;
      exit when found;
      insert into eventstore.streams (stream_id, revision, last_hash) values (v_stream, -1, repeat('0', 64))
        on conflict do nothing;
      if found then
        v_rev := -1;
        v_hash := repeat('0', 64);
        v_created := true;
        exit;
      end if;
    end loop;

    select e.stream_id, e.revision into v_found from eventstore.events e where e.event_id = v_first;
    if found then
      if v_found.stream_id = v_stream and (
        select count(*) from eventstore.events e
        where e.stream_id = v_stream and e.revision between v_found.revision and v_found.revision + v_n - 1
          and e.event_id = p_ids[v_off + (e.revision - v_found.revision + 1)::int]
      ) = v_n then
        return query select v_entry, e.revision, e.tx_id, e.seq, false, null::text, null::text from eventstore.events e
          where e.stream_id = v_stream and e.revision = v_found.revision + v_n - 1;
      else
        return query select v_entry, null::bigint, null::bigint, null::bigint, null::boolean, 'CE002'::text, v_found.stream_id;
      end if;
    elsif (v_expected = -2 and v_rev <> -1) or (v_expected = -3 and v_rev = -1) or (v_expected >= 0 and v_expected <> v_rev) then
      -- As if the single append had rolled back: no stream row is left behind for a refused first append.
      if v_created then
        delete from eventstore.streams s where s.stream_id = v_stream and s.revision = -1;
      end if;
      return query select v_entry, null::bigint, null::bigint, null::bigint, null::boolean, 'CE001'::text, v_rev::text;
    else
      v_hashes := array[]::text[];
      v_prev := array[]::text[];
      for i in 1..v_n loop
        v_prev := v_prev || v_hash;
        v_hash := encode(sha256(convert_to(v_hash || E'\\n' || v_stream || E'\\n' || (v_rev + i)::text || E'\\n' || p_digests[v_off + i], 'UTF8')), 'hex');
        v_hashes := v_hashes || v_hash;
      end loop;
      with ins as (
        insert into eventstore.events (tx_id, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash, previous_hash)
        select v_tx, v_stream, v_rev + u.o, u.id, u.t, u.v, u.d, u.m, v_now, u.h, u.ph
        from unnest(p_ids[v_off + 1 : v_off + v_n], p_types[v_off + 1 : v_off + v_n], p_versions[v_off + 1 : v_off + v_n],
                    p_data[v_off + 1 : v_off + v_n], p_metadata[v_off + 1 : v_off + v_n], v_hashes, v_prev)
          with ordinality as u(id, t, v, d, m, h, ph, o)
        order by u.o
        returning events.seq
      )
      select max(ins.seq) into v_seq from ins;
      update eventstore.streams set revision = v_rev + v_n, last_hash = v_hash, last_tx = v_tx, last_seq = v_seq
        where stream_id = v_stream;
      return query select v_entry, v_rev + v_n, v_tx, v_seq, true, null::text, null::text;
    end if;
    v_off := v_off + v_n;
  end loop;
end
$fn$;
`,
  },
];

eventStoreMigrations.push({ version: 3, name: 'appends lock their streams before taking a transaction id', sql: streamOrderFix() });

/**
 * Within a stream, revision order must equal global order. A transaction's id is fixed when it
 * first writes or row-locks; a batch that got its id while locking one stream and then waited
 * for another could write that stream's next revision under an id older than the revision before
 * it. Both append functions now take a transaction-scoped advisory lock on every stream they
 * touch (sorted, so batches cannot deadlock) before anything that assigns an id: whoever waits
 * for a stream gets its id only after the holder has committed, so its id is higher.
 * The bodies are those of versions 1 and 2 with the locks added; applied migrations never change,
 * so deriving them keeps one copy of the logic.
 */
function streamOrderFix(): string {
  const replaceOnce = (text: string, from: string, to: string): string => {
    if (text.split(from).length !== 2) throw new Error(`event store migration 3: anchor not found once: ${from.slice(0, 60)}`);
    return text.replace(from, to);
  };
  const single = eventStoreMigrations[0]!.sql;
  const append = replaceOnce(
    replaceOnce(single.slice(single.indexOf('create function eventstore.append(')), 'create function eventstore.append(', 'create or replace function eventstore.append('),
    'begin\n  loop',
    "begin\n  perform pg_advisory_xact_lock(hashtext('eventstore.stream'), hashtext(p_stream));\n  loop",
  );
  const batch = replaceOnce(
    replaceOnce(
      replaceOnce(eventStoreMigrations[1]!.sql, 'create function eventstore.append_batch(', 'create or replace function eventstore.append_batch('),
      'v_tx bigint := pg_current_xact_id()::text::bigint;',
      'v_tx bigint;\n  v_key int;',
    ),
    'begin\n  for v_entry in',
    `begin
  foreach v_key in array (select array_agg(distinct hashtext(s) order by hashtext(s)) from unnest(p_streams) s) loop
    perform pg_advisory_xact_lock(hashtext('eventstore.stream'), v_key);
  end loop;
  v_tx := pg_current_xact_id()::text::bigint;
  for v_entry in`,
  );
  return `${append}\n${batch}`;
}
