import type { DomainEvent } from '../../event-schemas';
import { parseIntegrationEvent, type IntegrationEvent } from '../../event-schemas/integration';
import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import { factsNeeded, translate, type CustomerDetails, type Facts, type OrderFacts } from './translate';

const ORDER_CACHE_SIZE = 10_000;

/**
 * Translates events as the relay reads them, looking up what a translation needs from the event
 * store: an order's placement (immutable, so cached) and a customer's details as of the event
 * (read up to that revision, so a re-translation later gives the same message). Every message is
 * checked against the contract before it leaves, so a translator bug stops the relay instead of
 * reaching consumers.
 */
export class Translator {
  private readonly orders = new Map<string, OrderFacts>();

  constructor(private readonly store: EventStore) {}

  async translate(event: RecordedEvent): Promise<IntegrationEvent | null> {
    const domainEvent = event as RecordedEvent<DomainEvent>;
    if (domainEvent.type === 'OrderPlaced') this.remember(domainEvent.data.orderId, domainEvent.data);
    const message = translate(domainEvent, await this.facts(domainEvent));
    return message && parseIntegrationEvent(message);
  }

  private async facts(event: RecordedEvent<DomainEvent>): Promise<Facts> {
    const need = factsNeeded(event);
    if (need?.kind === 'order') return { order: this.orders.get(need.orderId) ?? (await this.loadOrder(need.orderId)) };
    if (need?.kind === 'customer') return { customer: await this.loadCustomer(need.customerId, need.revision) };
    return {};
  }

  private async loadOrder(orderId: string): Promise<OrderFacts | undefined> {
    const [first] = (await this.store.readStream(`order-${orderId}`, { maxCount: 1 })) as RecordedEvent<DomainEvent>[];
    if (first?.type !== 'OrderPlaced') return undefined;
    return this.remember(orderId, first.data);
  }

  private remember(orderId: string, placed: OrderFacts): OrderFacts {
    const facts = { customerId: placed.customerId, lines: placed.lines, total: placed.total };
    this.orders.delete(orderId);
    this.orders.set(orderId, facts);
    // A Map iterates in insertion order: this drops the order placed longest ago, the one least likely to see more events.
    if (this.orders.size > ORDER_CACHE_SIZE) this.orders.delete(this.orders.keys().next().value!);
    return facts;
  }

  private async loadCustomer(customerId: string, revision: number): Promise<CustomerDetails | undefined> {
    const events = (await this.store.readStream(`customer-${customerId}`, { toRevision: revision })) as RecordedEvent<DomainEvent>[];
    let details: CustomerDetails | undefined;
    for (const event of events) {
      if (event.type === 'CustomerRegistered') details = { email: event.data.email, name: event.data.name };
      else if (event.type === 'CustomerDetailsChanged' && details) details = { email: event.data.email ?? details.email, name: event.data.name ?? details.name };
    }
    return details;
  }
}
