import type { Pool } from 'pg';
import type { IntegrationEvent } from '../../event-schemas/integration';
import type { Logger } from '../../platform/logger';
import type { BusSubscription, IntegrationBus } from '../bus/integration-bus.port';
import { PermanentDeliveryError, type Mailer } from './mailer.port';
import { composeEmail, isNotified } from './messages';
import { CustomerDirectory, DeliveryLog, migrateNotifier } from './notifier-store';

/** Consumer groups: contact details and order events are read separately, each at its own pace. */
export const NOTIFIER_GROUPS = { customers: 'notifier-customers', orders: 'notifier-orders' } as const;

/** Longer than the slowest possible send (SmtpMailer's timeouts), so a live sender's claim is never taken over. */
export const DEFAULT_CLAIM_TIMEOUT_MS = 120_000;

export class CustomerNotKnownYetError extends Error {
  readonly code = 'CUSTOMER_NOT_KNOWN_YET';
  constructor(readonly customerId: string) {
    super(`No contact details for customer ${customerId} yet; waiting for their customers.* event`);
    this.name = 'CustomerNotKnownYetError';
  }
}

export class DeliveryBusyError extends Error {
  readonly code = 'DELIVERY_BUSY';
  constructor(readonly eventId: string) {
    super(`Another notifier instance is sending the email for ${eventId} right now`);
    this.name = 'DeliveryBusyError';
  }
}

export interface NotifierDeps {
  pool: Pool;
  mailer: Mailer;
  log: Logger;
  claimTimeoutMs?: number;
}

/**
 * Emails the customer when their order is confirmed, rejected or shipped. It keeps its own small
 * directory of contact details from the customers topic, so order events carry no personal data;
 * the price is that an order event can arrive before its customer's details, in which case it is
 * retried until they are there (a customer always registers before ordering).
 */
export class Notifier {
  private readonly directory: CustomerDirectory;
  private readonly deliveries: DeliveryLog;
  private subscriptions: BusSubscription[] = [];

  constructor(private readonly deps: NotifierDeps) {
    this.directory = new CustomerDirectory(deps.pool);
    this.deliveries = new DeliveryLog(deps.pool, deps.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS);
  }

  static async migrate(pool: Pool): Promise<void> {
    await migrateNotifier(pool);
  }

  async start(bus: IntegrationBus): Promise<void> {
    this.subscriptions.push(await bus.subscribe({ group: NOTIFIER_GROUPS.customers, contexts: ['customers'], handle: (event) => this.onCustomerEvent(event) }));
    this.subscriptions.push(await bus.subscribe({ group: NOTIFIER_GROUPS.orders, contexts: ['ordering'], handle: (event) => this.onOrderEvent(event) }));
    this.deps.log.info('notifier running', { bus: bus.kind, mail: this.deps.mailer.destination });
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((subscription) => subscription.stop()));
  }

  async onCustomerEvent(event: IntegrationEvent): Promise<void> {
    if (event.type !== 'customers.customer-registered.v1' && event.type !== 'customers.customer-details-changed.v1') return;
    const { customerId, email, name } = event.data;
    await this.directory.record(customerId, { email, name }, event.source.position);
  }

  async onOrderEvent(event: IntegrationEvent): Promise<void> {
    if (!isNotified(event)) return;
    const fields = { id: event.id, type: event.type, orderId: event.data.orderId };
    const to = await this.directory.find(event.data.customerId);
    if (!to) throw new CustomerNotKnownYetError(event.data.customerId);
    const claim = await this.deliveries.claim(event.id, event.type);
    if (claim === 'done') return this.deps.log.debug('already emailed about this event; redelivery ignored', fields);
    if (claim === 'busy') throw new DeliveryBusyError(event.id);
    try {
      await this.deps.mailer.send(composeEmail(event, to));
    } catch (error) {
      if (error instanceof PermanentDeliveryError) {
        await this.deliveries.finish(event.id, 'failed', error.message);
        return this.deps.log.error('the mail server refused the email for good; not retrying', { ...fields, error });
      }
      await this.deliveries.release(event.id).catch(() => undefined);
      throw error;
    }
    await this.deliveries.finish(event.id, 'sent');
    // No address in the log: logs travel further than the directory does.
    this.deps.log.info('emailed the customer', fields);
  }
}
