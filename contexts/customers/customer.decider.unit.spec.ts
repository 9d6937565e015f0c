import { fold } from '../shared/decider';
import { customerDecider } from './customer.decider';
import { customerId, detailsChanged, registered } from './customers.fixtures';

describe('Customer', () => {
  describe('when registered', () => {
    it('has the email and name given', () => {
      expect(fold(customerDecider, [registered])).toEqual({ status: 'Registered', customerId, email: 'ada.lovelace@example.com', name: 'Ada Lovelace' });
    });
  });

  describe('when details change', () => {
    it('changes only the fields present', () => {
      expect(fold(customerDecider, [registered, detailsChanged({ email: 'ada@lovelace.example' })])).toMatchObject({ email: 'ada@lovelace.example', name: 'Ada Lovelace' });
      expect(fold(customerDecider, [registered, detailsChanged({ name: 'Augusta Ada King' })])).toMatchObject({ email: 'ada.lovelace@example.com', name: 'Augusta Ada King' });
    });
  });

  it('is stored in customer-<customerId> streams', () => {
    expect(customerDecider).toMatchObject({ category: 'customer', snapshotVersion: 1, initialState: { status: 'NotRegistered' } });
  });
});
