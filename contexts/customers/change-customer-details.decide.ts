import type { CustomerDetailsChangedData, CustomerEvent } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import type { CustomerState } from './customer.decider';
import { validEmail, validName } from './customer.rules';

/** Send only what changes; a new email must still be unique, which the handler checks. */
export interface ChangeCustomerDetails {
  customerId: string;
  email?: string;
  name?: string;
}

/** The event carries only the fields that differ; when none does, nothing is decided. */
export function decideChangeCustomerDetails(command: ChangeCustomerDetails, state: CustomerState): CustomerEvent[] {
  if (command.email === undefined && command.name === undefined) {
    throw new DomainError('NO_DETAILS_TO_CHANGE', 'Send at least one of email and name to change.', 'rejected');
  }
  const email = command.email === undefined ? undefined : validEmail(command.email);
  const name = command.name === undefined ? undefined : validName(command.name);
  if (state.status === 'NotRegistered') {
    throw new DomainError('CUSTOMER_NOT_FOUND', `Customer ${command.customerId} is not registered; check the id or register them first.`, 'not_found', {
      customerId: command.customerId,
    });
  }
  const change: CustomerDetailsChangedData = { customerId: command.customerId };
  if (email !== undefined && email !== state.email) change.email = email;
  if (name !== undefined && name !== state.name) change.name = name;
  if (change.email === undefined && change.name === undefined) return [];
  return [{ type: 'CustomerDetailsChanged', data: change }];
}
