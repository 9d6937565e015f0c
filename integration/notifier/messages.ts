import { formatMoney, isCurrencyCode, multiplyMoney, type Money } from '../../event-schemas';
import type { IntegrationEventOfType } from '../../event-schemas/integration';

/** The three order events a customer is told about. */
export type NotifiedEvent = IntegrationEventOfType<'ordering.order-confirmed.v1' | 'ordering.order-rejected.v1' | 'ordering.order-shipped.v1'>;

export const NOTIFIED_TYPES: ReadonlySet<string> = new Set<NotifiedEvent['type']>(['ordering.order-confirmed.v1', 'ordering.order-rejected.v1', 'ordering.order-shipped.v1']);

export function isNotified(event: { type: string }): event is NotifiedEvent {
  return NOTIFIED_TYPES.has(event.type);
}

export interface Recipient {
  email: string;
  name: string;
}

export interface Email {
  /** The integration event's id: also the Message-ID and the .eml file name, so a resend is recognisably the same message. */
  id: string;
  to: Recipient;
  subject: string;
  text: string;
  /** When the event happened; the Date header, so the same event always renders the same bytes. */
  date: Date;
  orderId: string;
}

const REJECTION: Record<IntegrationEventOfType<'ordering.order-rejected.v1'>['data']['reason'], string> = {
  outOfStock: 'one of the items is no longer in stock',
  paymentDeclined: 'the payment was declined',
  reservationExpired: 'we could not confirm it in time',
};

/**
 * Plain ASCII text in lines under 76 characters (names aside), so the message needs no transfer
 * encoding and reads, and greps, the same in a mail client, a terminal or an .eml file.
 */
export function composeEmail(event: NotifiedEvent, to: Recipient): Email {
  const { orderId } = event.data;
  const base = { id: event.id, to, date: new Date(event.occurredAt), orderId };
  const hello = `Hello ${to.name},`;
  switch (event.type) {
    case 'ordering.order-confirmed.v1':
      return {
        ...base,
        subject: `Your order ${short(orderId)} is confirmed`,
        text: lines(hello, '', 'thank you for your order. It is confirmed and we are preparing it', 'for shipment.', '', `Order ${orderId}`, ...orderLines(event.data), '', 'We will write again when it ships.'),
      };
    case 'ordering.order-rejected.v1':
      return {
        ...base,
        subject: `We could not accept your order ${short(orderId)}`,
        text: lines(
          hello,
          '',
          'we are sorry: we could not accept your order,',
          `because ${REJECTION[event.data.reason]}.`,
          'Nothing has been charged; any amount held on your card is released.',
          '',
          `Order ${orderId}`,
          ...orderLines(event.data),
        ),
      };
    case 'ordering.order-shipped.v1':
      return {
        ...base,
        subject: `Your order ${short(orderId)} has shipped`,
        text: lines(hello, '', `your order is on its way: it left our warehouse with ${event.data.carrier}.`, '', `Order ${orderId}`),
      };
  }
}

function orderLines(order: { lines: { sku: string; quantity: number; unitPrice: { amountMinor: number; currency: string } }[]; total: { amountMinor: number; currency: string } }): string[] {
  return [
    ...order.lines.map((line) => `  ${line.quantity} x ${line.sku} at ${money(line.unitPrice)} = ${money(line.unitPrice, line.quantity)}`),
    `  Total: ${money(order.total)}`,
  ];
}

function money(amount: { amountMinor: number; currency: string }, times = 1): string {
  // The contract accepts any ISO code; one this build cannot format is shown in minor units rather than wrongly.
  if (!isCurrencyCode(amount.currency)) return `${amount.amountMinor * times} (minor units) ${amount.currency}`;
  return formatMoney(multiplyMoney(amount as Money, times));
}

function short(orderId: string): string {
  return orderId.slice(0, 8);
}

function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}
