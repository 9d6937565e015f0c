import { z } from 'zod';
import { defineEvent, typesOf, type EventOf } from '../define-event';
import { email, personalData, text, uuid } from '../fields';
import { customerRegisteredV1 } from './v1/customer-registered.v1';

const stream = { context: 'customers', streamCategory: 'customer', streamIdField: 'customerId' } as const;
const customerId = () => uuid('Customer id; the stream is customer-<customerId>');
const fullName = (description: string) => personalData(text(description, 200));
const exampleCustomerId = '3b9f6c2a-8d4e-4f1a-b5c7-9e0d1f2a3b4c';

export const customerRegistered = defineEvent({
  ...stream,
  type: 'CustomerRegistered',
  schemaVersion: 2,
  description: 'Someone opened a customer account; the email is unique among customers.',
  schema: z.strictObject({
    customerId: customerId(),
    email: email('Contact and login email; unique among customers'),
    name: fullName('Full name as the customer writes it'),
  }),
  example: { customerId: exampleCustomerId, email: 'ada.lovelace@example.com', name: 'Ada Lovelace' },
  history: [customerRegisteredV1],
});

export const customerDetailsChanged = defineEvent({
  ...stream,
  type: 'CustomerDetailsChanged',
  schemaVersion: 1,
  description: 'The customer changed their email or name; only the fields that changed are present.',
  schema: z
    .strictObject({
      customerId: customerId(),
      email: email('New email, when it changed; still unique among customers').optional(),
      name: fullName('New full name, when it changed').optional(),
    })
    .refine((change) => change.email !== undefined || change.name !== undefined, {
      error: 'must change at least one of email, name',
    }),
  example: { customerId: exampleCustomerId, email: 'ada@lovelace.example' },
});

export const customerEvents = [customerRegistered, customerDetailsChanged] as const;
export const customerEventTypes = typesOf(customerEvents);

export type CustomerRegistered = EventOf<typeof customerRegistered>;
export type CustomerDetailsChanged = EventOf<typeof customerDetailsChanged>;
export type CustomerRegisteredData = CustomerRegistered['data'];
export type CustomerDetailsChangedData = CustomerDetailsChanged['data'];
export type CustomerEvent = EventOf<(typeof customerEvents)[number]>;
