import { randomUUID } from 'node:crypto';
import { TokenService } from '../../platform/auth/token-service';

/** What the load generator needs to place valid orders: SKUs with stock and customers with their tokens. */
export interface ShopFixture {
  skus: string[];
  customers: { id: string; authorization: string }[];
  admin: string;
}

async function post(url: string, authorization: string, body: unknown, expected: number): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`POST ${url} answered ${res.status}, not ${expected}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pooled<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/**
 * Defines `skus` products with `stock` units each and registers `customers` customers, through the
 * write API as a shop's back office and customers would (customer tokens whose subject is the id).
 */
export async function setUpShop(url: string, jwtSecret: string, options: { skus: number; stock: number; customers: number; runId: string }): Promise<ShopFixture> {
  const tokens = await TokenService.create({ dataDir: '/nonexistent', jwtSecret });
  const admin = `Bearer ${await tokens.issue({ role: 'admin', subject: 'bench-admin' }, 3600)}`;
  const skus = Array.from({ length: options.skus }, (_, i) => `BENCH-${options.runId.toUpperCase()}-${String(i).padStart(3, '0')}`);
  await pooled(skus, 4, async (sku) => {
    const body = { sku, name: `Bench product ${sku}`, description: 'Benchmark product', category: 'bench', price: { amountMinor: 1299, currency: 'EUR' } };
    await post(`${url}/products`, admin, body, 201);
    await post(`${url}/inventory/${sku}/receipts`, admin, { quantity: options.stock }, 200);
  });
  const ids = Array.from({ length: options.customers }, () => randomUUID());
  const customers: ShopFixture['customers'] = [];
  await pooled(ids, 8, async (id) => {
    const authorization = `Bearer ${await tokens.issue({ role: 'customer', subject: id }, 3600)}`;
    await post(`${url}/customers`, authorization, { email: `bench-${id}@example.com`, name: 'Bench Customer' }, 201);
    customers.push({ id, authorization });
  });
  return { skus, customers, admin };
}

/** POST /orders requests: a random customer (with their own token) ordering `lines` distinct random SKUs, 1-3 units each. */
export function orderRequests(shop: ShopFixture, lines: number): () => { body: string; authorization: string } {
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
  return () => {
    const customer = pick(shop.customers);
    const chosen = new Set<string>();
    while (chosen.size < Math.min(lines, shop.skus.length)) chosen.add(pick(shop.skus));
    const body = { customerId: customer.id, lines: [...chosen].map((sku) => ({ sku, quantity: 1 + Math.floor(Math.random() * 3) })), payment: { token: 'tok_visa' } };
    return { body: JSON.stringify(body), authorization: customer.authorization };
  };
}
