import { createHash, randomUUID } from 'node:crypto';

/** Namespace for the platform's name-based UUIDs (RFC 9562 version 5). */
const NAMESPACE = Buffer.from('8f3c2b1e6d5a4f7e9c0b1a2d3e4f5a6b', 'hex');

/**
 * The same name always gives the same UUID. Event ids are derived from the command id and the
 * event's index, so a redelivered command decides events with the ids it had the first time and
 * the store's idempotent append turns the repeat into a no-op.
 */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newId(): string {
  return randomUUID();
}
