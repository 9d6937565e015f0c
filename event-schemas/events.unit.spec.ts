import type { EventDefinition } from './define-event';
import { domainEventDefinitions } from './domain-event';
import { EventValidationError } from './errors';
import { eventJsonSchema } from './json-schema';
import { eventRegistry } from './registry';

type Payload = Record<string, unknown>;

const clone = (value: unknown): Payload => structuredClone(value) as Payload;

function encodeError(type: string, data: unknown): EventValidationError {
  try {
    eventRegistry.encode(type, data);
  } catch (error) {
    if (error instanceof EventValidationError) return error;
    throw error;
  }
  throw new Error(`${type} accepted ${JSON.stringify(data)}`);
}

function requiredFields(definition: EventDefinition): string[] {
  const { required } = eventJsonSchema(definition);
  return Array.isArray(required) ? required.map(String) : [];
}

const definitions = domainEventDefinitions.map((definition) => [definition.type, definition] as const);

describe('Every event schema', () => {
  describe.each(definitions)('%s', (type, definition) => {
    it('accepts its catalogue example unchanged', () => {
      expect(eventRegistry.encode(type, definition.example)).toEqual({ schemaVersion: definition.schemaVersion, data: definition.example });
    });

    it('reads back what it wrote', () => {
      const stored = eventRegistry.encode(type, definition.example);
      expect(eventRegistry.decode(type, stored.schemaVersion, stored.data)).toEqual(stored);
    });

    it('carries the id its stream is named after', () => {
      expect((definition.example as Payload)[definition.streamIdField]).toEqual(expect.any(String));
    });

    it('rejects an unknown field', () => {
      const error = encodeError(type, { ...clone(definition.example), couponCode: 'SPRING' });
      expect(error.issues).toContainEqual({ path: 'couponCode', message: expect.stringContaining('is not a field of this event') });
    });

    it.each(requiredFields(definition))('rejects the payload without %s', (field) => {
      const payload = clone(definition.example);
      delete payload[field];
      expect(encodeError(type, payload).issues).toContainEqual({ path: field, message: 'is required' });
    });

    it.each(Object.keys(definition.example as Payload))('rejects %s of the wrong type', (field) => {
      expect(encodeError(type, { ...clone(definition.example), [field]: true }).issues[0]?.path).toBe(field);
    });
  });
});

describe.each<[string, string, (data: Payload) => void, string]>([
  ['OrderPlaced', 'a zero quantity', (d) => ((d.lines as Payload[])[0]!.quantity = 0), 'lines[0].quantity: must be a positive integer (got 0)'],
  ['OrderPlaced', 'no lines', (d) => (d.lines = []), 'lines: must have at least one line'],
  ['OrderPlaced', 'a total that is not the sum', (d) => ((d.total as Payload).amountMinor = 6000), 'total.amountMinor: must equal the sum of unitPrice × quantity over the lines, 62.48 EUR (got 6000)'],
  ['OrderPlaced', 'a line in another currency', (d) => (((d.lines as Payload[])[1]!.unitPrice as Payload).currency = 'USD'), 'lines[1].unitPrice.currency: must be the order currency EUR'],
  ['OrderPlaced', 'a float price', (d) => (((d.lines as Payload[])[0]!.unitPrice as Payload).amountMinor = 24.99), 'lines[0].unitPrice.amountMinor: must be a safe integer number of minor units'],
  ['OrderPlaced', 'a lower-case currency', (d) => ((d.total as Payload).currency = 'eur'), 'total.currency: must be a supported ISO-4217 currency code'],
  ['OrderPlaced', 'a customer id that is no UUID', (d) => (d.customerId = 'customer-42'), 'customerId: must be a UUID (got "customer-42")'],
  ['ProductDefined', 'a free price', (d) => ((d.price as Payload).amountMinor = 0), 'price.amountMinor: must be greater than zero (got 0)'],
  ['ProductDefined', 'a lower-case SKU', (d) => (d.sku = 'tshirt-red-m'), 'sku: must be a SKU'],
  ['ProductDefined', 'an empty name', (d) => (d.name = ''), 'name: must be a non-empty string of at most 200 characters (got "")'],
  ['StockAdjusted', 'an adjustment by zero', (d) => (d.quantityDelta = 0), 'quantityDelta: must be a non-zero integer (got 0)'],
  ['StockReserved', 'an expiry with an offset instead of UTC', (d) => (d.expiresAt = '2026-03-14T11:15:00+01:00'), 'expiresAt: must be an ISO-8601 UTC instant'],
  ['StockReservationRejected', 'negative availability', (d) => (d.available = -1), 'available: must be a non-negative integer (got -1)'],
  ['StockReservationReleased', 'a reason outside the list', (d) => (d.reason = 'lost'), 'reason: must be one of "cancelled", "expired", "paymentFailed", "rejected" (got "lost")'],
  ['OrderRejected', 'a reason outside the list', (d) => (d.reason = 'fraud'), 'reason: must be one of "outOfStock", "paymentDeclined", "reservationExpired"'],
  ['PaymentAuthorized', 'a negative amount', (d) => ((d.amount as Payload).amountMinor = -6248), 'amount.amountMinor: must be greater than zero (got -6248)'],
  ['PaymentAuthorizationFailed', 'a code with spaces', (d) => (d.code = 'card declined'), 'code: must be a gateway code'],
  ['CustomerDetailsChanged', 'nothing changed', (d) => delete d.email, 'CustomerDetailsChanged is invalid: must change at least one of email, name'],
  ['FulfilmentStarted', 'no reservations', (d) => (d.reservations = []), 'reservations: must have at least one reservation'],
  ['FulfilmentPaymentRequested', 'a deadline that is no instant', (d) => (d.deadline = 'in 2 minutes'), 'deadline: must be an ISO-8601 UTC instant'],
])('%s with %s', (type, _case, mutate, expected) => {
  it('is refused with the field and the reason', () => {
    const payload = clone(eventRegistry.definition(type).example);
    mutate(payload);
    expect(encodeError(type, payload).message).toContain(expected);
  });
});

