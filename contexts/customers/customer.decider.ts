import type { CustomerEvent } from '../../event-schemas';
import { unreachable, type Decider } from '../shared/decider';

export type CustomerState = { status: 'NotRegistered' } | { status: 'Registered'; customerId: string; email: string; name: string };

export const initialCustomerState: CustomerState = { status: 'NotRegistered' };

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerRegistered': {
      const { customerId, email, name } = event.data;
      return { status: 'Registered', customerId, email, name };
    }
    case 'CustomerDetailsChanged':
      // A stream whose first event is not CustomerRegistered is corrupt; evolve never guesses.
      if (state.status === 'NotRegistered') return state;
      return { ...state, email: event.data.email ?? state.email, name: event.data.name ?? state.name };
    default:
      return unreachable(event, 'customer event');
  }
}

export const customerDecider: Decider<CustomerState, CustomerEvent> = {
  category: 'customer',
  snapshotVersion: 1,
  initialState: initialCustomerState,
  evolve: evolveCustomer,
};
