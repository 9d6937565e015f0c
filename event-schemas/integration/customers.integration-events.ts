import { z } from 'zod';
import { emailField, personal, textField, uuidField } from './contract-fields';
import { defineIntegrationEvent } from './integration-event';

/*
 * Both events carry the customer's full current details, not only what changed, so the customers
 * topic can be log-compacted: the latest message per customer is all a new consumer needs. The
 * topic holds personal data; consumers that do not need contact details should not subscribe.
 */

const details = {
  customerId: uuidField('The customer; also the message key'),
  email: emailField('Contact email'),
  name: personal(textField('Full name as the customer writes it', 200)),
};
const example = { customerId: '3b9f6c2a-8d4e-4f1a-b5c7-9e0d1f2a3b4c', email: 'ada.lovelace@example.com', name: 'Ada Lovelace' };

export const customerRegisteredV1 = defineIntegrationEvent({
  type: 'customers.customer-registered.v1',
  keyField: 'customerId',
  description: 'Someone opened a customer account.',
  schema: z.strictObject(details),
  example,
});

export const customerDetailsChangedV1 = defineIntegrationEvent({
  type: 'customers.customer-details-changed.v1',
  keyField: 'customerId',
  description: 'The customer changed their email or name; the event carries the complete details after the change.',
  schema: z.strictObject(details),
  example: { ...example, email: 'ada@lovelace.example' },
});

export const customerIntegrationEvents = [customerRegisteredV1, customerDetailsChangedV1] as const;
