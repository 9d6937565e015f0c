import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defineIntegrationEvent,
  integrationEventDefinitions,
  InvalidIntegrationEventError,
  parseIntegrationEvent,
  UnknownIntegrationEventTypeError,
} from '.';
import { z } from 'zod';

const fixtureDir = join(__dirname, 'fixtures');
const fixture = (type: string): Record<string, any> => JSON.parse(readFileSync(join(fixtureDir, `${type}.fixture.json`), 'utf8'));

describe('The integration-event contract', () => {
  it('names every type <context>.<event>.v<version> and keeps names unique', () => {
    const types = integrationEventDefinitions.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const d of integrationEventDefinitions) expect(d.type).toBe(`${d.context}.${d.name}.v${d.version}`);
  });

  it.each(integrationEventDefinitions.map((d) => [d.type, d] as const))('%s: its example is valid and carries the key field', (_type, definition) => {
    expect(definition.schema.safeParse(definition.example).success).toBe(true);
    expect(typeof (definition.example as Record<string, unknown>)[definition.keyField]).toBe('string');
  });

  describe('frozen fixtures (a published version must keep accepting what consumers were promised; never edit them)', () => {
    it('exist for every type, and only for known types', () => {
      const files = readdirSync(fixtureDir).map((name) => name.replace(/\.fixture\.json$/, '')).sort();
      expect(files).toEqual(integrationEventDefinitions.map((d) => d.type).sort());
    });

    it.each(integrationEventDefinitions.map((d) => [d.type]))('%s still parses, unchanged', (type) => {
      const frozen = fixture(type);
      expect(parseIntegrationEvent(frozen)).toEqual(frozen);
    });
  });

  describe('parsing a message', () => {
    const confirmed = () => fixture('ordering.order-confirmed.v1');

    it('names every wrong field of the envelope and the data, with the type', () => {
      const message: Record<string, any> = { ...confirmed(), id: 'not-a-uuid', occurredAt: 'yesterday' };
      expect(() => parseIntegrationEvent(message)).toThrow(InvalidIntegrationEventError);
      expect(() => parseIntegrationEvent(message)).toThrow(/ordering\.order-confirmed\.v1 is invalid: id: must be a UUID.*occurredAt: must be an ISO-8601 UTC instant/);
      const data = { ...confirmed(), data: { ...confirmed().data, lines: [{ sku: 'TSHIRT-RED-M', quantity: 0, unitPrice: { amountMinor: 100, currency: 'EUR' } }] } };
      expect(() => parseIntegrationEvent(data)).toThrow('data.lines[0].quantity: must be a positive integer (got 0)');
    });

    it('refuses fields the version does not have: publishers must not grow a published type', () => {
      const message = confirmed();
      message.data.discountCode = 'SPRING';
      expect(() => parseIntegrationEvent(message)).toThrow('data.discountCode: is not a field of this event');
    });

    it('refuses a key that is not the aggregate id, since ordering by key would silently break', () => {
      expect(() => parseIntegrationEvent({ ...confirmed(), key: '3b9f6c2a-8d4e-4f1a-b5c7-9e0d1f2a3b4c' })).toThrow('key: must equal data.orderId');
    });

    it('tells a well-formed message of an unknown (newer) type apart from a broken one', () => {
      expect(() => parseIntegrationEvent({ ...confirmed(), type: 'ordering.order-confirmed.v2' })).toThrow(UnknownIntegrationEventTypeError);
      expect(() => parseIntegrationEvent({ ...confirmed(), type: 'OrderConfirmed' })).toThrow(/type: must be an integration event type/);
      expect(() => parseIntegrationEvent('{"id":1}')).toThrow(InvalidIntegrationEventError);
    });

    it('never echoes personal data in its errors', () => {
      const message = fixture('customers.customer-registered.v1');
      message.data.email = 'ada at example';
      expect(() => parseIntegrationEvent(message)).toThrow('data.email: must be an email address such as ada@example.com (value withheld: personal data)');
    });
  });

  it('refuses to define a type that does not follow the naming rule', () => {
    const spec = { keyField: 'id' as const, description: 'x', schema: z.strictObject({ id: z.string() }), example: { id: 'a' } };
    expect(() => defineIntegrationEvent({ ...spec, type: 'ordering.OrderConfirmed' })).toThrow('integration event types are <context>.<event-name>.v<version>');
    expect(() => defineIntegrationEvent({ ...spec, type: 'billing.invoice-sent.v1' })).toThrow();
  });
});
