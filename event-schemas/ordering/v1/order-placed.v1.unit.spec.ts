import { eventRegistry } from '../../registry';
import { upcastOrderPlacedV1 } from './order-placed.v1';
import fixture from './order-placed.v1.fixture.json';

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
};

describe('OrderPlaced v1', () => {
  describe('when a stored v1 order is read', () => {
    it('upcasts it through v2 to the current version, with the total of its lines and no payment token', () => {
      expect(eventRegistry.decode('OrderPlaced', 1, fixture)).toEqual({
        schemaVersion: 3,
        data: {
          orderId: 'c2a7e5d1-94f3-4b8e-a6d2-5f1c3e7b9a04',
          customerId: '8e4b2f6a-1c3d-4e5f-9a7b-0d2c4e6f8a1b',
          lines: fixture.lines,
          // 1 × 59.90 + 3 × 12.95 + 2 × 8.90
          total: { amountMinor: 5990 + 3 * 1295 + 2 * 890, currency: 'EUR' },
        },
      });
    });

    it('keeps the currency of yen orders, which have no minor units', () => {
      const yen = { ...fixture, lines: [{ sku: 'TEA-SENCHA-100G', quantity: 4, unitPrice: { amountMinor: 1800, currency: 'JPY' } }] };
      expect(eventRegistry.decode('OrderPlaced', 1, yen).data).toMatchObject({ total: { amountMinor: 7200, currency: 'JPY' } });
    });

    it('leaves the stored payload untouched', () => {
      const stored = deepFreeze(structuredClone(fixture));
      expect(() => eventRegistry.decode('OrderPlaced', 1, stored)).not.toThrow();
      expect(stored).toEqual(fixture);
    });
  });

  describe('when the stored payload does not match the v1 shape', () => {
    it('is refused before upcasting, naming the version', () => {
      const mixed = structuredClone(fixture);
      mixed.lines[1]!.unitPrice.currency = 'GBP';
      expect(() => eventRegistry.decode('OrderPlaced', 1, mixed)).toThrow('Stored OrderPlaced v1 is invalid: lines: all lines must share one currency');
    });

    it('refuses a v1 payload that already has a total, which v1 never wrote', () => {
      expect(() => eventRegistry.decode('OrderPlaced', 1, { ...fixture, total: { amountMinor: 1, currency: 'EUR' } })).toThrow(
        'total: is not a field of this event',
      );
    });
  });

  it('is a pure function of its input', () => {
    const v1 = structuredClone(fixture) as Parameters<typeof upcastOrderPlacedV1>[0];
    expect(upcastOrderPlacedV1(v1)).toEqual(upcastOrderPlacedV1(v1));
    expect(v1).toEqual(fixture);
  });
});
