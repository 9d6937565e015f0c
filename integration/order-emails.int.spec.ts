import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Shop } from '../test/shop';
import { startTestWriteApi, type TestWriteApi } from '../test/write-api-harness';
import { startIntegration, type Service } from './integration-services';
import { parse } from './testing/smtp-sink';
import { until } from './testing/test-platform';

/**
 * The must-show: on the embedded default (no KAFKA_BROKERS, no SMTP_URL) the write API, the order
 * process manager, and the in-process relay and notifier run together, as in `commerce start`,
 * and a customer whose order is confirmed finds the email in the data directory's outbox.
 */
describe('Order emails on the embedded default', () => {
  let api: TestWriteApi;
  let integration: Service;
  let shop: Shop;
  let outbox: string;

  beforeAll(async () => {
    api = await startTestWriteApi({}, { processManager: true });
    expect(api.runtime.config).toMatchObject({ kafkaBrokers: undefined, smtpUrl: undefined });
    integration = await startIntegration(api.runtime);
    shop = new Shop(api);
    outbox = path.join(api.runtime.config.dataDir, 'outbox');
  });
  afterAll(async () => {
    await integration?.close();
    await api?.close();
  });

  async function emlFor(orderId: string, type: 'OrderConfirmed' | 'OrderRejected') {
    await shop.waitFor(`order-${orderId}`, [type]);
    const event = (await shop.events(`order-${orderId}`)).find((e) => e.type === type)!;
    const file = path.join(outbox, `${event.eventId}.eml`);
    await until(() => existsSync(file), `${file} is written`);
    return { file, ...parse(readFileSync(file, 'utf8')) };
  }

  it('writes <data dir>/outbox/<event id>.eml to the customer when their order placed through the write API is confirmed', async () => {
    const sku = await shop.product({ stock: 5, priceMinor: 450 });
    const customerId = await shop.customer();
    const orderId = await shop.order(customerId, [{ sku, quantity: 2 }]);

    const mail = await emlFor(orderId, 'OrderConfirmed');
    expect(mail.headers.to).toBe(`Test Customer <c-${customerId}@example.com>`);
    expect(mail.headers.from).toBe('Commerce <orders@commerce.localhost>');
    expect(mail.headers.subject).toBe(`Your order ${orderId.slice(0, 8)} is confirmed`);
    expect(mail.body).toContain('thank you for your order. It is confirmed');
    expect(mail.body).toContain(`Order ${orderId}\n  2 x ${sku} at 4.50 EUR = 9.00 EUR`);
    expect(mail.headers['x-commerce-order-id']).toBe(orderId);
  });

  it('tells the customer when a declined payment rejects the order, and writes one file per event', async () => {
    const sku = await shop.product({ stock: 5 });
    const customerId = await shop.customer();
    const orderId = await shop.order(customerId, [{ sku, quantity: 1 }], 'tok_decline_insufficient_funds');

    const mail = await emlFor(orderId, 'OrderRejected');
    expect(mail.headers.subject).toBe(`We could not accept your order ${orderId.slice(0, 8)}`);
    expect(mail.body).toContain('because the payment was declined');
    const mine = readdirSync(outbox).filter((name) => readFileSync(path.join(outbox, name), 'utf8').includes(orderId));
    expect(mine).toEqual([path.basename(mail.file)]);
  });
});
