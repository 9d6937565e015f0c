import { customerDecider } from './customer.decider';
import { customerId, detailsChanged, registered } from './customers.fixtures';
import { deciderSpec } from '../shared/decider-spec';
import { decideRegisterCustomer } from './register-customer.decide';

const spec = deciderSpec(customerDecider);
const register = { customerId, email: 'ada.lovelace@example.com', name: 'Ada Lovelace' };

describe('Customer', () => {
  describe('when registering', () => {
    it('records the email and name', () => {
      spec
        .given([])
        .when((state) => decideRegisterCustomer(register, state))
        .then([registered]);
    });

    it('stores the email trimmed and lower-cased and the name trimmed', () => {
      spec
        .given([])
        .when((state) => decideRegisterCustomer({ customerId, email: '  Ada.Lovelace@Example.COM ', name: ' Ada Lovelace ' }, state))
        .then([registered]);
    });

    it.each(['', 'ada', 'ada@', 'ada@example', `${'a'.repeat(250)}@example.com`])('refuses the email %j', (email) => {
      spec
        .given([])
        .when((state) => decideRegisterCustomer({ ...register, email }, state))
        .thenThrows('INVALID_EMAIL', 'rejected');
    });

    it('never echoes the email, which is personal data', () => {
      const error = spec
        .given([])
        .when((state) => decideRegisterCustomer({ ...register, email: 'secret-address@' }, state))
        .thenThrows('INVALID_EMAIL', 'rejected');
      expect(error.message).not.toContain('secret-address');
    });

    it.each(['', '   ', 'x'.repeat(201)])('refuses the name %j', (name) => {
      spec
        .given([])
        .when((state) => decideRegisterCustomer({ ...register, name }, state))
        .thenThrows('INVALID_NAME', 'rejected');
    });
  });

  describe('when already registered', () => {
    it.each([
      ['as registered', [registered]],
      ['after a change', [registered, detailsChanged({ name: 'Augusta Ada King' })]],
    ])('refuses to register again (%s)', (_, given) => {
      spec
        .given(given)
        .when((state) => decideRegisterCustomer(register, state))
        .thenThrows('CUSTOMER_ALREADY_REGISTERED', 'conflict');
    });
  });
});
