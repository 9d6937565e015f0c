import type { CustomerEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import type { CustomerState } from './customer.decider';
import { validEmail, validName } from './customer.rules';

/** Email uniqueness across customers is the handler's job (it needs an index over all customers). */
export interface RegisterCustomer {
  customerId: string;
  email: string;
  name: string;
}

export function decideRegisterCustomer(command: RegisterCustomer, state: CustomerState): CustomerEvent[] {
  const email = validEmail(command.email);
  const name = validName(command.name);
  if (state.status === 'Registered') {
    throw new DomainError(
      'CUSTOMER_ALREADY_REGISTERED',
      `Customer ${command.customerId} is already registered; change their details with ChangeCustomerDetails, or register with a new id.`,
      'conflict',
      { customerId: command.customerId },
    );
  }
  return [{ type: 'CustomerRegistered', data: { customerId: command.customerId, email, name } }];
}
