import { decideChangeCustomerDetails } from './change-customer-details.decide';
import { customerDecider } from './customer.decider';
import { customerId, detailsChanged, registered } from './customers.fixtures';
import { deciderSpec } from '../shared/decider-spec';

const spec = deciderSpec(customerDecider);

describe('Customer', () => {
  describe('when details change', () => {
    it('records a new email alone', () => {
      spec
        .given([registered])
        .when((state) => decideChangeCustomerDetails({ customerId, email: 'Ada@Lovelace.example' }, state))
        .then([detailsChanged({ email: 'ada@lovelace.example' })]);
    });

    it('records a new name alone', () => {
      spec
        .given([registered])
        .when((state) => decideChangeCustomerDetails({ customerId, name: 'Augusta Ada King' }, state))
        .then([detailsChanged({ name: 'Augusta Ada King' })]);
    });

    it('records both when both change', () => {
      spec
        .given([registered])
        .when((state) => decideChangeCustomerDetails({ customerId, email: 'ada@lovelace.example', name: 'Augusta Ada King' }, state))
        .then([detailsChanged({ email: 'ada@lovelace.example', name: 'Augusta Ada King' })]);
    });

    it('leaves out a field sent unchanged', () => {
      spec
        .given([registered])
        .when((state) => decideChangeCustomerDetails({ customerId, email: 'ADA.LOVELACE@example.com', name: 'Augusta Ada King' }, state))
        .then([detailsChanged({ name: 'Augusta Ada King' })]);
    });

    it('compares with the latest details', () => {
      spec
        .given([registered, detailsChanged({ name: 'Augusta Ada King' })])
        .when((state) => decideChangeCustomerDetails({ customerId, name: 'Ada Lovelace' }, state))
        .then([detailsChanged({ name: 'Ada Lovelace' })]);
    });
  });

  describe('when nothing actually changes', () => {
    it('decides nothing', () => {
      spec
        .given([registered])
        .when((state) => decideChangeCustomerDetails({ customerId, email: ' ada.lovelace@example.com', name: 'Ada Lovelace ' }, state))
        .thenNothing();
    });
  });

  describe('when no field is sent', () => {
    it('refuses it', () => {
      spec
        .given([registered])
        .when((state) => decideChangeCustomerDetails({ customerId }, state))
        .thenThrows('NO_DETAILS_TO_CHANGE', 'rejected');
    });
  });

  describe('when a field is not valid', () => {
    it('refuses a malformed email', () => {
      spec
        .given([registered])
        .when((state) => decideChangeCustomerDetails({ customerId, email: 'not-an-email' }, state))
        .thenThrows('INVALID_EMAIL', 'rejected');
    });

    it('refuses a blank name', () => {
      spec
        .given([registered])
        .when((state) => decideChangeCustomerDetails({ customerId, name: '  ' }, state))
        .thenThrows('INVALID_NAME', 'rejected');
    });
  });

  describe('when the customer is not registered', () => {
    it('refuses it', () => {
      spec
        .given([])
        .when((state) => decideChangeCustomerDetails({ customerId, name: 'Ada' }, state))
        .thenThrows('CUSTOMER_NOT_FOUND', 'not_found');
    });
  });
});
