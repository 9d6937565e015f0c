import { InProcessBus } from '../bus/in-process-bus';
import { randomUUID } from 'node:crypto';
import { SmtpSink } from '../testing/smtp-sink';
import { openTestPlatform, until, type TestPlatform } from '../testing/test-platform';
import { Translator } from '../translation/translator';
import type { IntegrationEvent } from '../../event-schemas/integration';
import { SmtpMailer } from './smtp-mailer';
import { CustomerNotKnownYetError, DeliveryBusyError, Notifier } from './notifier';
import { DeliveryLog } from './notifier-store';
import { composeEmail } from './messages';

const FROM = 'Shop <orders@shop.example>';

describe('The notifier, against a real SMTP server', () => {
  let p: TestPlatform;
  let smtp: SmtpSink;
  let mailer: SmtpMailer;
  let bus: InProcessBus;
  let notifier: Notifier;

  beforeAll(async () => {
    p = await openTestPlatform('notifier');
    await Notifier.migrate(p.db.pool);
    smtp = await SmtpSink.start();
    mailer = new SmtpMailer(smtp.url, FROM);
    bus = new InProcessBus({ store: p.store, checkpoints: p.checkpoints, lease: p.lease, log: p.log, retryDelaysMs: [20] });
    notifier = new Notifier({ pool: p.db.pool, mailer, log: p.log, claimTimeoutMs: 300 });
    await notifier.start(bus);
  });
  afterAll(async () => {
    await notifier.stop();
    await bus.close();
    await mailer.close();
    await smtp.close();
    await p.close();
  });

  const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
  /** The integration event the relay would publish for the last event of a stream. */
  async function published(streamId: string): Promise<IntegrationEvent> {
    const events = await p.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return (await new Translator(p.store).translate(events[0]!))!;
  }

  it('emails the customer when their order is confirmed, rejected or shipped, and not when it is placed', async () => {
    const { customerId, email } = await p.history.customer('Ada Lovelace');
    const shipped = await p.history.placeOrder(customerId);
    const rejected = await p.history.placeOrder(customerId);
    await p.history.confirm(shipped);
    await p.history.reject(rejected);
    await p.history.ship(shipped, 'DHL Express');
    await until(() => mailsTo(email).length === 3, 'three emails arrived');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [confirmation, rejection, shipping] = mailsTo(email);

    expect(mailsTo(email)).toHaveLength(3);
    expect(confirmation!.headers.to).toBe(`Ada Lovelace <${email}>`);
    expect(confirmation!.headers.from).toBe(FROM);
    expect(confirmation!.headers.subject).toBe(`Your order ${shipped.slice(0, 8)} is confirmed`);
    expect(confirmation!.body).toContain(`Hello Ada Lovelace,`);
    expect(confirmation!.body).toContain(`Order ${shipped}\n  2 x TEA-GREEN-100 at 4.50 EUR = 9.00 EUR`);
    expect(confirmation!.body).toContain('Total: 9.00 EUR');
    expect(rejection!.headers.subject).toBe(`We could not accept your order ${rejected.slice(0, 8)}`);
    expect(rejection!.body).toContain('because the payment was declined');
    expect(shipping!.headers.subject).toBe(`Your order ${shipped.slice(0, 8)} has shipped`);
    expect(shipping!.body).toContain('with DHL Express');
    expect(shipping!.headers['x-commerce-order-id']).toBe(shipped);
  });

  it('sends nothing again for a redelivered event: it dedupes by integration event id', async () => {
    const { customerId, email } = await p.history.customer();
    const orderId = await p.history.placeOrder(customerId);
    await p.history.confirm(orderId);
    const event = await published(`order-${orderId}`);
    await until(async () => (await new DeliveryLog(p.db.pool, 300).state(event.id))?.state === 'sent', 'the confirmation was sent and recorded');
    await notifier.onOrderEvent(event);
    await notifier.onOrderEvent(event);
    expect(mailsTo(email)).toHaveLength(1);
    expect(mailsTo(email)[0]!.headers['message-id']).toBe(`<${event.id}@notifier.commerce>`);
  });

  it('re-sends once, with the same Message-ID, an email whose sender died between the send and recording it', async () => {
    const { customerId, email } = await p.history.customer();
    const orderId = await p.history.placeOrder(customerId);
    await p.history.confirm(orderId);
    await until(() => mailsTo(email).length === 1, 'the running notifier sent the confirmation');
    // The same order event under an id the running notifier never saw, so this test alone handles it.
    const event = { ...(await published(`order-${orderId}`)), id: randomUUID() };
    const deliveries = new DeliveryLog(p.db.pool, 300);
    // What a notifier leaves behind when it dies right after the server accepted the message: a claim, no outcome.
    expect(await deliveries.claim(event.id, event.type)).toBe('claimed');
    await mailer.send(composeEmail(event as Parameters<typeof composeEmail>[0], { email, name: 'Ada Lovelace' }));

    await expect(notifier.onOrderEvent(event)).rejects.toThrow(DeliveryBusyError);
    await new Promise((resolve) => setTimeout(resolve, 350));
    await notifier.onOrderEvent(event);
    await notifier.onOrderEvent(event);
    const copies = mailsTo(email).filter((m) => m.headers['message-id'] === `<${event.id}@notifier.commerce>`);
    expect(copies).toHaveLength(2);
    expect(await deliveries.state(event.id)).toEqual({ state: 'sent', attempts: 2 });
  });

  it('waits for a customer’s details that have not arrived yet instead of dropping the email', async () => {
    const { customerId, email } = await p.history.customer();
    const orderId = await p.history.placeOrder(customerId);
    await p.history.confirm(orderId);
    const event = await published(`order-${orderId}`);
    await until(async () => (await new DeliveryLog(p.db.pool, 300).state(event.id))?.state === 'sent', 'the running notifier sent the confirmation');
    // Now as a notifier that has not read the customer yet would see the same event.
    await p.db.pool.query('delete from notifier.customers where customer_id = $1', [customerId]);
    await p.db.pool.query('delete from notifier.deliveries where event_id = $1', [event.id]);
    await expect(notifier.onOrderEvent(event)).rejects.toThrow(CustomerNotKnownYetError);
    expect(mailsTo(email)).toHaveLength(1);
    await notifier.onCustomerEvent(await published(`customer-${customerId}`));
    await notifier.onOrderEvent(event);
    expect(mailsTo(email)).toHaveLength(2);
  });

  it('writes to the address of the latest details change it has read', async () => {
    const { customerId, email } = await p.history.customer();
    await p.history.append(`customer-${customerId}`, [{ type: 'CustomerDetailsChanged', data: { customerId, email: `new-${email}`, name: 'Ada King' } }]);
    // The two groups run at their own pace: a change made the same instant as a confirmation may miss it.
    const known = async () => (await p.db.pool.query('select email from notifier.customers where customer_id = $1', [customerId])).rows[0]?.email;
    await until(async () => (await known()) === `new-${email}`, 'the notifier read the change');
    const orderId = await p.history.placeOrder(customerId);
    await p.history.confirm(orderId);
    await until(() => mailsTo(`new-${email}`).length === 1, 'the confirmation arrived at the new address');
    expect(mailsTo(email)).toEqual([]);
    expect(mailsTo(`new-${email}`)[0]!.body).toContain('Hello Ada King,');
  });

  it('retries a temporary refusal (4xx) and records a permanent one (5xx) as failed without blocking later emails', async () => {
    const temporary = await p.history.customer();
    const permanent = await p.history.customer();
    let tries = 0;
    smtp.reject = (to) => {
      if (to.includes(permanent.email)) return { code: 550, message: 'mailbox unavailable' };
      if (to.includes(temporary.email) && ++tries <= 2) return { code: 451, message: 'try again later' };
      return undefined;
    };
    const lost = await p.history.placeOrder(permanent.customerId);
    await p.history.confirm(lost);
    const late = await p.history.placeOrder(temporary.customerId);
    await p.history.confirm(late);
    await until(() => mailsTo(temporary.email).length === 1, 'the temporarily refused email arrived');
    smtp.reject = () => undefined;
    const event = await published(`order-${lost}`);
    expect(await new DeliveryLog(p.db.pool, 300).state(event.id)).toMatchObject({ state: 'failed' });
    expect(mailsTo(permanent.email)).toEqual([]);
  });
});
