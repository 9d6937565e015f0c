import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { commerce, freePort, tempDataDir } from '../test/cli-process';
import { request } from '../test/http';
import { parse } from './testing/smtp-sink';
import { until } from './testing/test-platform';

jest.setTimeout(120_000);

/** The must-show with the real binary: `commerce start` alone takes an order all the way to the customer's email. */
describe('commerce start: one command runs the whole flow, notifications included', () => {
  const data = tempDataDir('emails');
  afterAll(() => data.remove());

  it('writes the confirmation email of an order placed over HTTP to <data dir>/outbox', async () => {
    const env = { COMMERCE_DATA_DIR: data.dir, PORT: String(await freePort()), COMMERCE_PG_PORT: String(await freePort()) };
    const server = commerce(['start'], env);
    try {
      await server.waitFor(/(write|read) API listening/, 60_000);
      await server.waitFor(/notifier running/);
      const token = async (sub: string, role: string) => {
        const issued = commerce(['token', '--sub', sub, '--role', role], env);
        expect(await issued.exited()).toBe(0);
        return issued.output().trim().split('\n').at(-1)!;
      };
      const customerId = randomUUID();
      const [ops, me] = [await token('ops-1', 'operator'), await token(customerId, 'customer')];
      const post = async (route: string, jwt: string, body: unknown) => {
        const res = await request(`http://127.0.0.1:${env.PORT}${route}`, { method: 'POST', body, headers: { authorization: `Bearer ${jwt}` } });
        if (res.status >= 300) throw new Error(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as { id: string };
      };
      await post('/products', ops, { sku: 'E2E-MAIL-TEA', name: 'Tea', description: 'Green', category: 'tea', price: { amountMinor: 450, currency: 'EUR' } });
      await post('/inventory/E2E-MAIL-TEA/receipts', ops, { quantity: 5 });
      await post('/customers', me, { email: 'ada@example.com', name: 'Ada Lovelace' });
      const { id: orderId } = await post('/orders', me, { customerId, lines: [{ sku: 'E2E-MAIL-TEA', quantity: 2 }], payment: { token: 'tok_visa' } });

      const outbox = path.join(data.dir, 'outbox');
      const mine = () => (existsSync(outbox) ? readdirSync(outbox).filter((name) => name.endsWith('.eml')) : []);
      await until(() => mine().length > 0, 'an .eml file is written', 30_000);
      const mail = parse(readFileSync(path.join(outbox, mine()[0]!), 'utf8'));
      expect(mail.headers.to).toBe('Ada Lovelace <ada@example.com>');
      expect(mail.headers.subject).toBe(`Your order ${orderId.slice(0, 8)} is confirmed`);
      expect(mail.body).toContain(`Order ${orderId}\n  2 x E2E-MAIL-TEA at 4.50 EUR = 9.00 EUR`);
    } finally {
      server.child.kill('SIGINT');
    }
    expect(await server.exited()).toBe(0);
  });
});
