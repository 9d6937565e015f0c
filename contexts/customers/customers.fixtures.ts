/* Test-only sample data for the customers specs. */
import type { CustomerEvent } from '../../event-schemas';

export const customerId = '3b9f6c2a-8d4e-4f1a-b5c7-9e0d1f2a3b4c';
export const registered: CustomerEvent = { type: 'CustomerRegistered', data: { customerId, email: 'ada.lovelace@example.com', name: 'Ada Lovelace' } };
export const detailsChanged = (change: { email?: string; name?: string }): CustomerEvent => ({ type: 'CustomerDetailsChanged', data: { customerId, ...change } });
