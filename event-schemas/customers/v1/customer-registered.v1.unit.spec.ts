import { eventRegistry } from '../../registry';
import fixture from './customer-registered.v1.fixture.json';

describe('CustomerRegistered v1', () => {
  describe('when a stored v1 registration is read', () => {
    it('upcasts it to v2 with one name', () => {
      expect(eventRegistry.decode('CustomerRegistered', 1, fixture)).toEqual({
        schemaVersion: 2,
        data: { customerId: '5d3c1b9a-7e6f-4a2b-8c0d-e1f2a3b4c5d6', email: 'grace.hopper@example.com', name: 'Grace Hopper' },
      });
    });

    it('uses the first name alone when v1 stored no last name', () => {
      const decoded = eventRegistry.decode('CustomerRegistered', 1, { ...fixture, firstName: 'Björk', lastName: '' });
      expect(decoded.data).toMatchObject({ name: 'Björk' });
    });

    it('drops the stray spaces v1 kept around the parts', () => {
      const decoded = eventRegistry.decode('CustomerRegistered', 1, { ...fixture, firstName: ' Grace ', lastName: ' Hopper ' });
      expect(decoded.data).toMatchObject({ name: 'Grace Hopper' });
    });
  });

  describe('when the stored payload does not match the v1 shape', () => {
    it('is refused before upcasting, naming the version and the field', () => {
      const { firstName: _dropped, ...withoutFirstName } = fixture;
      expect(() => eventRegistry.decode('CustomerRegistered', 1, withoutFirstName)).toThrow('Stored CustomerRegistered v1 is invalid: firstName: is required');
    });

    it('does not echo the personal data it holds', () => {
      const invalid = { ...fixture, email: 'grace.hopper(at)example.com' };
      expect(() => eventRegistry.decode('CustomerRegistered', 1, invalid)).toThrow('email: must be a valid email (value withheld: personal data)');
    });
  });

  it('reads current v2 payloads as they are', () => {
    const v2 = { customerId: fixture.customerId, email: fixture.email, name: 'Grace Brewster Murray Hopper' };
    expect(eventRegistry.decode('CustomerRegistered', 2, v2)).toEqual({ schemaVersion: 2, data: v2 });
  });
});
