import { eventRegistry } from '../../registry';
import { upcastOrderPlacedV2 } from './order-placed.v2';
import fixture from './order-placed.v2.fixture.json';

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
};

describe('OrderPlaced v2', () => {
  describe('when a stored v2 order is read', () => {
    it('upcasts it to v3 as it is, without a payment token', () => {
      const decoded = eventRegistry.decode('OrderPlaced', 2, fixture);
      expect(decoded).toEqual({ schemaVersion: 3, data: fixture });
      expect(decoded.data).not.toHaveProperty('paymentToken');
    });

    it('leaves the stored payload untouched', () => {
      const stored = deepFreeze(structuredClone(fixture));
      expect(() => eventRegistry.decode('OrderPlaced', 2, stored)).not.toThrow();
      expect(stored).toEqual(fixture);
    });
  });

  describe('when the stored payload does not match the v2 shape', () => {
    it('refuses a payment token, which v2 never wrote', () => {
      expect(() => eventRegistry.decode('OrderPlaced', 2, { ...fixture, paymentToken: 'tok_visa' })).toThrow('paymentToken: is not a field of this event');
    });

    it('refuses a total that is not the sum of the lines, as v2 did', () => {
      const wrongTotal = { ...fixture, total: { amountMinor: 11000, currency: 'EUR' } };
      expect(() => eventRegistry.decode('OrderPlaced', 2, wrongTotal)).toThrow('Stored OrderPlaced v2 is invalid: total.amountMinor: must equal the sum of the lines, 118.90 EUR');
    });
  });

  it('reads current v3 payloads with their token as they are', () => {
    const v3 = { ...fixture, paymentToken: 'tok_visa_4242' };
    expect(eventRegistry.decode('OrderPlaced', 3, v3)).toEqual({ schemaVersion: 3, data: v3 });
  });

  it('is a pure function of its input', () => {
    const v2 = structuredClone(fixture) as Parameters<typeof upcastOrderPlacedV2>[0];
    expect(upcastOrderPlacedV2(v2)).toEqual(fixture);
    expect(v2).toEqual(fixture);
  });
});
