import { DomainCommand } from '../shared/domain-command';
import type { ChangeCustomerDetails } from './change-customer-details.decide';
import type { RegisterCustomer } from './register-customer.decide';

export class RegisterCustomerCommand extends DomainCommand<RegisterCustomer> {}
export class ChangeCustomerDetailsCommand extends DomainCommand<ChangeCustomerDetails> {}
