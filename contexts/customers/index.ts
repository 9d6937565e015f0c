export { customerDecider, initialCustomerState, evolveCustomer, type CustomerState } from './customer.decider';
export { normalizeEmail } from './customer.rules';
export { decideRegisterCustomer, type RegisterCustomer } from './register-customer.decide';
export { decideChangeCustomerDetails, type ChangeCustomerDetails } from './change-customer-details.decide';
