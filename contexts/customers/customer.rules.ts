import { customerRegistered } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';

const fields = customerRegistered.schema.shape;

/**
 * Emails are stored trimmed and lower-cased, so that Ada@Example.com and ada@example.com are one
 * address; the handler checks uniqueness on the same normalised form.
 */
export function normalizeEmail(email: string): string {
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

export function validEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (!fields.email.safeParse(normalized).success) {
    // Personal data: the message never echoes the address.
    throw new DomainError('INVALID_EMAIL', 'The email address is not valid: send one such as ada@example.com, at most 254 characters.', 'rejected');
  }
  return normalized;
}

export function validName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!fields.name.safeParse(trimmed).success) {
    throw new DomainError('INVALID_NAME', 'The name must be 1-200 characters, not only spaces; send the full name as the customer writes it.', 'rejected');
  }
  return trimmed;
}
