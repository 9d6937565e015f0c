import { randomUUID } from 'node:crypto';
import type { OperatorActor } from '../operator-audit';
import type { PostgresProjection } from '../projection';

/** The customer whose orders a flaky projection fails on until healed. */
export const BAD_CUSTOMER = 'bad00000-0000-4000-8000-000000000000';

export const ops: OperatorActor = { subject: 'ops-ada', role: 'operator', via: 'http' };

export const placed = (orderId = randomUUID(), customerId: string = randomUUID()) => ({
  orderId, customerId,
  lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: { amountMinor: 500, currency: 'EUR' as const } }],
  total: { amountMinor: 1000, currency: 'EUR' as const },
});

/**
 * A Postgres projection that counts how often each order was delivered to it (so a rewind shows
 * as a second delivery) and fails on BAD_CUSTOMER's orders until `heal()` is called.
 */
export function flaky(name: string): { projection: PostgresProjection; heal(): void } {
  let broken = true;
  const projection: PostgresProjection = {
    name, version: 1, kind: 'postgres', description: 'test: counts deliveries per order',
    createTable: ({ table }) => `create table ${table} (order_id uuid primary key, deliveries int not null)`,
    handlers: {
      OrderPlaced: async (e, { sql, table }) => {
        if (broken && e.data.customerId === BAD_CUSTOMER) throw new Error('cannot handle this customer yet');
        await sql.query(`insert into ${table} as t values ($1, 1) on conflict (order_id) do update set deliveries = t.deliveries + 1`, [e.data.orderId]);
      },
    },
  };
  return { projection, heal: () => (broken = false) };
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
