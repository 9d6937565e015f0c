import type { Pool } from 'pg';
import { migrate, type Migration } from '../../platform/postgres/migrations';
import type { Recipient } from './messages';

const migrations: Migration[] = [
  {
    version: 1,
    name: 'customer directory and deliveries',
    sql: `
create schema if not exists notifier;
-- The notifier's own copy of what it needs to write to customers, kept from customers.* events.
create table notifier.customers (
  customer_id uuid primary key,
  email text not null,
  name text not null,
  source_position text not null,
  updated_at timestamptz not null default now()
);
-- One row per integration event the notifier emails about: the dedupe record. No address is kept here.
create table notifier.deliveries (
  event_id uuid primary key,
  event_type text not null,
  state text not null check (state in ('sending', 'sent', 'failed')),
  attempts int not null default 1,
  claimed_at timestamptz not null default now(),
  finished_at timestamptz,
  error text
);`,
  },
];

export function migrateNotifier(pool: Pool): Promise<number[]> {
  return migrate(pool, 'notifier', migrations);
}

/** Customers' contact details as of the latest customers.* event the notifier handled. */
export class CustomerDirectory {
  constructor(private readonly pool: Pool) {}

  /** Guarded by the source position, so a redelivered older event never overwrites newer details. */
  async record(customerId: string, details: Recipient, sourcePosition: string): Promise<void> {
    await this.pool.query(
      `insert into notifier.customers (customer_id, email, name, source_position) values ($1, $2, $3, $4)
       on conflict (customer_id) do update set email = excluded.email, name = excluded.name, source_position = excluded.source_position, updated_at = now()
       where notifier.customers.source_position < excluded.source_position`,
      [customerId, details.email, details.name, sourcePosition],
    );
  }

  async find(customerId: string): Promise<Recipient | undefined> {
    const { rows } = await this.pool.query<Recipient>('select email, name from notifier.customers where customer_id = $1', [customerId]);
    return rows[0];
  }
}

export type Claim = 'claimed' | 'done' | 'busy';

/**
 * Dedupe by integration event id, in two steps around the send: `claim` records the attempt
 * before, `finish` the outcome after. A redelivered event whose email went out is 'done'. One whose
 * claim is fresh is 'busy' (another instance is sending it right now: try later). One whose claim
 * is older than the longest possible send was left by a process that died mid-send: it is claimed
 * again and sent again, so a crash between the SMTP server's acceptance and `finish` re-sends that
 * one email once, with the same Message-ID. Nothing is ever lost; nothing else is ever doubled.
 */
export class DeliveryLog {
  constructor(
    private readonly pool: Pool,
    private readonly staleAfterMs: number,
  ) {}

  async claim(eventId: string, eventType: string): Promise<Claim> {
    const { rows } = await this.pool.query<{ claimed: boolean; state: string }>(
      `with attempt as (
         insert into notifier.deliveries (event_id, event_type, state) values ($1, $2, 'sending')
         on conflict (event_id) do update set attempts = notifier.deliveries.attempts + 1, claimed_at = now()
         where notifier.deliveries.state = 'sending' and notifier.deliveries.claimed_at < now() - make_interval(secs => $3::double precision / 1000)
         returning true as claimed, state
       )
       select claimed, state from attempt
       union all
       select false, state from notifier.deliveries where event_id = $1 and not exists (select 1 from attempt)`,
      [eventId, eventType, this.staleAfterMs],
    );
    const row = rows[0];
    if (row?.claimed) return 'claimed';
    // No row: another instance inserted the claim after this statement's snapshot was taken.
    if (!row) return 'busy';
    return row.state === 'sending' ? 'busy' : 'done';
  }

  /** The send failed before the server took the message: the next attempt may claim it at once. */
  async release(eventId: string): Promise<void> {
    await this.pool.query(`update notifier.deliveries set claimed_at = '-infinity' where event_id = $1 and state = 'sending'`, [eventId]);
  }

  async finish(eventId: string, outcome: 'sent' | 'failed', error?: string): Promise<void> {
    await this.pool.query(`update notifier.deliveries set state = $2, finished_at = now(), error = $3 where event_id = $1`, [eventId, outcome, error ?? null]);
  }

  async state(eventId: string): Promise<{ state: string; attempts: number } | undefined> {
    const { rows } = await this.pool.query<{ state: string; attempts: number }>('select state, attempts from notifier.deliveries where event_id = $1', [eventId]);
    return rows[0];
  }
}
