import { createHash } from 'node:crypto';

/**
 * The name of a prepared statement for an SQL text: `prefix` and a hash of the text, so each text
 * gets one name (under Postgres' 63-byte limit) on every pooled connection.
 */
export function statementName(prefix: string, text: string): string {
  return `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}
