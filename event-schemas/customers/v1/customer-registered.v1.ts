import { z } from 'zod';
import { freezeVersion } from '../../define-event';
import { PERSONAL_DATA } from '../../fields';

/*
 * CustomerRegistered as version 1 wrote it, with the name split in two. Frozen: this schema must
 * accept exactly what v1 stored, forever, so it uses plain zod and none of the shared builders.
 */

export const customerRegisteredV1Schema = z.strictObject({
  customerId: z.uuid(),
  email: z.email().max(254).meta({ [PERSONAL_DATA]: true }),
  firstName: z.string().max(100).regex(/\S/).meta({ [PERSONAL_DATA]: true }),
  // v1 allowed an empty last name for people who have only one name.
  lastName: z.string().max(100).meta({ [PERSONAL_DATA]: true }),
});

export type CustomerRegisteredV1Data = z.output<typeof customerRegisteredV1Schema>;

/** v2 keeps one `name` as the customer writes it, since not every name splits into first + last.
 * The return type is inferred; defineEvent checks it against the current schema at compile time.
 */
export function upcastCustomerRegisteredV1(v1: CustomerRegisteredV1Data) {
  const name = [v1.firstName, v1.lastName]
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join(' ');
  return { customerId: v1.customerId, email: v1.email, name };
}

export const customerRegisteredV1 = freezeVersion({
  schemaVersion: 1,
  schema: customerRegisteredV1Schema,
  change: 'v2 replaced `firstName` and `lastName` with one `name`; the upcaster joins the non-empty parts with a space.',
  upcast: upcastCustomerRegisteredV1,
});
