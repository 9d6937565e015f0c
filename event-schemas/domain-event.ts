import { productEvents, type ProductEvent } from './catalog/catalog.events';
import { customerEvents, type CustomerEvent } from './customers/customers.events';
import { fulfilmentEvents, type FulfilmentEvent } from './fulfilment/fulfilment.events';
import { stockEvents, type StockEvent } from './inventory/inventory.events';
import { orderEvents, type OrderEvent } from './ordering/ordering.events';
import { paymentEvents, type PaymentEvent } from './payments/payments.events';

/** Every event the platform stores, current versions. */
export const domainEventDefinitions = [
  ...productEvents,
  ...stockEvents,
  ...orderEvents,
  ...paymentEvents,
  ...customerEvents,
  ...fulfilmentEvents,
] as const;

export type DomainEvent = ProductEvent | StockEvent | OrderEvent | PaymentEvent | CustomerEvent | FulfilmentEvent;
export type DomainEventType = DomainEvent['type'];

/** The payload type of one event type: `EventData<'OrderPlaced'>`. */
export type EventData<T extends DomainEventType> = Extract<DomainEvent, { type: T }>['data'];

