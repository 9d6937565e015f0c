/**
 * The physical limit for `bench:write`: a bare Fastify endpoint that stores each POST /orders body
 * with one INSERT (a prepared statement) on the same Postgres: no auth, no validation, no events.
 * Run as its own process by write.bench.ts. Env: DATABASE_URL, PORT, RAW_POOL_SIZE (20, as the app).
 */
import { randomUUID } from 'node:crypto';
import { fastify } from 'fastify';
import { Pool } from 'pg';

export const RAW_TABLE_SQL = `create table if not exists bench_raw_orders (
  id uuid primary key,
  customer_id uuid not null,
  lines jsonb not null,
  payment_token text not null,
  created_at timestamptz not null default now()
)`;

interface OrderBody {
  customerId?: string;
  lines?: unknown;
  payment?: { token?: string };
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.RAW_POOL_SIZE ?? 20), application_name: 'bench-raw' });
  pool.on('error', () => undefined);
  const app = fastify({ logger: false });
  app.get('/health', async () => ({ ok: true }));
  app.post('/orders', async (request, reply) => {
    const body = (request.body ?? {}) as OrderBody;
    const id = randomUUID();
    await pool.query({
      name: 'bench_raw_insert',
      text: 'insert into bench_raw_orders (id, customer_id, lines, payment_token) values ($1, $2, $3, $4)',
      values: [id, body.customerId, JSON.stringify(body.lines ?? []), body.payment?.token ?? ''],
    });
    void reply.code(202);
    return { id };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  const stop = () => void app.close().then(() => pool.end()).finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
