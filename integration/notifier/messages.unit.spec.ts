import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IntegrationEvent } from '../../event-schemas/integration';
import { composeEmail, isNotified, type NotifiedEvent } from './messages';

const fixture = (type: string): IntegrationEvent => JSON.parse(readFileSync(join(__dirname, '../../event-schemas/integration/fixtures', `${type}.fixture.json`), 'utf8'));
const ada = { email: 'ada@example.com', name: 'Ada Lovelace' };
const orderId = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';

describe('Customer emails', () => {
  it('are written for confirmed, rejected and shipped orders only', () => {
    const types = ['ordering.order-placed.v1', 'ordering.order-confirmed.v1', 'ordering.order-rejected.v1', 'ordering.order-cancelled.v1', 'ordering.order-shipped.v1', 'ordering.order-delivered.v1', 'customers.customer-registered.v1'];
    expect(types.filter((type) => isNotified(fixture(type)))).toEqual(['ordering.order-confirmed.v1', 'ordering.order-rejected.v1', 'ordering.order-shipped.v1']);
  });

  it('are plain ASCII in lines a mail client never has to wrap', () => {
    for (const type of ['ordering.order-confirmed.v1', 'ordering.order-rejected.v1', 'ordering.order-shipped.v1']) {
      const { text, subject } = composeEmail(fixture(type) as NotifiedEvent, ada);
      expect(`${subject}\n${text}`).toMatch(/^[\x20-\x7e\n]*$/);
      expect(text.split('\n').filter((line) => line.length > 76)).toEqual([]);
    }
  });

  it('confirm the order with what was ordered and the total', () => {
    const email = composeEmail(fixture('ordering.order-confirmed.v1') as NotifiedEvent, ada);
    expect(email.subject).toBe('Your order 6d1e3f0a is confirmed');
    expect(email.text).toBe(
      [
        'Hello Ada Lovelace,',
        '',
        'thank you for your order. It is confirmed and we are preparing it',
        'for shipment.',
        '',
        `Order ${orderId}`,
        '  2 x TSHIRT-RED-M at 24.99 EUR = 49.98 EUR',
        '  1 x MUG-STONEWARE-350 at 12.50 EUR = 12.50 EUR',
        '  Total: 62.48 EUR',
        '',
        'We will write again when it ships.',
        '',
      ].join('\n'),
    );
    expect(email).toMatchObject({ id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', orderId, to: ada, date: new Date('2026-03-14T10:01:00.000Z') });
  });

  it.each([
    ['outOfStock', 'because one of the items is no longer in stock.'],
    ['paymentDeclined', 'because the payment was declined.'],
    ['reservationExpired', 'because we could not confirm it in time.'],
  ])('explain a rejection for %s and that nothing was charged', (reason, because) => {
    const event = fixture('ordering.order-rejected.v1') as NotifiedEvent & { data: { reason: string } };
    event.data.reason = reason;
    const email = composeEmail(event, ada);
    expect(email.subject).toBe('We could not accept your order 6d1e3f0a');
    expect(email.text).toContain(because);
    expect(email.text).toContain('Nothing has been charged');
    expect(email.text).toContain(`Order ${orderId}`);
  });

  it('name the carrier of a shipped order', () => {
    const email = composeEmail(fixture('ordering.order-shipped.v1') as NotifiedEvent, ada);
    expect(email.subject).toBe('Your order 6d1e3f0a has shipped');
    expect(email.text).toContain('your order is on its way: it left our warehouse with DHL.');
    expect(email.text).toContain(`Order ${orderId}`);
  });

  it('show an amount in a currency this build cannot format as minor units rather than guess its decimals', () => {
    const event = fixture('ordering.order-confirmed.v1') as NotifiedEvent & { data: any };
    event.data.lines = [{ sku: 'TEA', quantity: 3, unitPrice: { amountMinor: 500, currency: 'XTS' } }];
    event.data.total = { amountMinor: 1500, currency: 'XTS' };
    expect(composeEmail(event, ada).text).toContain('3 x TEA at 500 (minor units) XTS = 1500 (minor units) XTS');
  });
});
