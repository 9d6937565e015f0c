import { eventRegistry, type BoundedContext, type DomainEvent, type Money, type OrderLine } from '../../event-schemas';
import type { IntegrationEvent, IntegrationEventType } from '../../event-schemas/integration';
import type { RecordedEvent } from '../../platform/event-store/event-store.port';

/** What an order's later events need from its placement, which they do not repeat. */
export interface OrderFacts {
  customerId: string;
  lines: OrderLine[];
  total: Money;
}

/** A customer's complete details as of one event in their stream. */
export interface CustomerDetails {
  email: string;
  name: string;
}

export interface Facts {
  order?: OrderFacts;
  customer?: CustomerDetails;
}

/** What a translation has to look up first, beyond the event itself. */
export type FactNeed = { kind: 'order'; orderId: string } | { kind: 'customer'; customerId: string; revision: number };

export class MissingFactsError extends Error {
  readonly code = 'MISSING_FACTS';
  constructor(event: RecordedEvent, what: string) {
    super(`Cannot translate ${event.type} ${event.eventId} (${event.streamId}@${event.revision}): ${what}`);
    this.name = 'MissingFactsError';
  }
}

/**
 * The topic a domain event's integration event goes to: the context that recorded it (an
 * ordering.* event only ever comes from an ordering event). Lets a consumer pass over the events
 * of other contexts without translating them.
 */
export function publishingContext(domainType: string): BoundedContext | undefined {
  return eventRegistry.has(domainType) ? eventRegistry.definition(domainType).context : undefined;
}

export function factsNeeded(event: RecordedEvent<DomainEvent>): FactNeed | undefined {
  switch (event.type) {
    case 'OrderConfirmed':
    case 'OrderRejected':
    case 'OrderCancelled':
    case 'OrderShipped':
    case 'OrderDelivered':
      return { kind: 'order', orderId: event.data.orderId };
    case 'CustomerDetailsChanged':
      return { kind: 'customer', customerId: event.data.customerId, revision: event.revision };
    default:
      return undefined;
  }
}

/**
 * Domain event in, public integration event out (or null: not published). Pure: the same event
 * and facts always give the same message, with the source event's id, so re-publishing after a
 * crash produces exact duplicates that consumers drop by id.
 */
export function translate(event: RecordedEvent<DomainEvent>, facts: Facts = {}): IntegrationEvent | null {
  const order = () => facts.order ?? missing(event, `the order's placement (OrderPlaced in order-${(event.data as { orderId: string }).orderId}) was not found`);
  switch (event.type) {
    case 'OrderPlaced': {
      const { orderId, customerId, lines, total } = event.data;
      return envelope(event, 'ordering.order-placed.v1', orderId, { orderId, customerId, lines, total });
    }
    case 'OrderConfirmed': {
      const { customerId, lines, total } = order();
      return envelope(event, 'ordering.order-confirmed.v1', event.data.orderId, { orderId: event.data.orderId, customerId, lines, total });
    }
    case 'OrderRejected': {
      const { customerId, lines, total } = order();
      const { orderId, reason } = event.data;
      return envelope(event, 'ordering.order-rejected.v1', orderId, { orderId, customerId, reason, lines, total });
    }
    case 'OrderCancelled':
      return envelope(event, 'ordering.order-cancelled.v1', event.data.orderId, { orderId: event.data.orderId, customerId: order().customerId, reason: event.data.reason });
    case 'OrderShipped':
      return envelope(event, 'ordering.order-shipped.v1', event.data.orderId, { orderId: event.data.orderId, customerId: order().customerId, carrier: event.data.carrier });
    case 'OrderDelivered':
      return envelope(event, 'ordering.order-delivered.v1', event.data.orderId, { orderId: event.data.orderId, customerId: order().customerId });
    case 'CustomerRegistered': {
      const { customerId, email, name } = event.data;
      return envelope(event, 'customers.customer-registered.v1', customerId, { customerId, email, name });
    }
    case 'CustomerDetailsChanged': {
      const details = facts.customer ?? missing(event, `the customer's details as of revision ${event.revision} were not found`);
      const { customerId } = event.data;
      return envelope(event, 'customers.customer-details-changed.v1', customerId, { customerId, email: details.email, name: details.name });
    }
    case 'LowStockDetected': {
      const { sku, available, threshold } = event.data;
      return envelope(event, 'inventory.stock-low.v1', sku, { sku, available, threshold });
    }
    // Internal steps: other systems learn their outcome from the order's events above.
    case 'ProductDefined':
    case 'PriceChanged':
    case 'ProductDiscontinued':
    case 'StockReceived':
    case 'StockAdjusted':
    case 'StockReserved':
    case 'StockReservationRejected':
    case 'StockReservationReleased':
    case 'StockCommitted':
    case 'PaymentAuthorized':
    case 'PaymentAuthorizationFailed':
    case 'PaymentCaptured':
    case 'AuthorizationVoided':
    case 'PaymentRefunded':
    case 'RefundFailed':
    case 'FulfilmentStarted':
    case 'FulfilmentReservationRecorded':
    case 'FulfilmentPaymentRequested':
    case 'FulfilmentPaymentRecorded':
    case 'FulfilmentShipmentStarted':
    case 'FulfilmentCompleted':
    case 'FulfilmentCompensationStarted':
    case 'FulfilmentCompensated':
      return null;
    default: {
      // A new domain event type must be decided on here: published (with a contract) or not.
      const unhandled: never = event;
      return unhandled;
    }
  }
}

function envelope<T extends IntegrationEventType>(event: RecordedEvent, type: T, key: string, data: Extract<IntegrationEvent, { type: T }>['data']): IntegrationEvent {
  return {
    id: event.eventId,
    type,
    key,
    // Normalised so that every message carries the same UTC form, whatever offset the writer used.
    occurredAt: new Date(event.metadata.occurredAt).toISOString(),
    correlationId: event.metadata.correlationId,
    source: { streamId: event.streamId, revision: event.revision, position: event.position },
    data,
  } as IntegrationEvent;
}

function missing(event: RecordedEvent, what: string): never {
  throw new MissingFactsError(event, what);
}
