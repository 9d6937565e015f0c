import { createHash } from 'node:crypto';
import type { EventMetadata } from './event-store.port';

/** previousHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, undefined members dropped.
 * The same value always encodes to the same bytes, whichever engine stored it and however
 * that engine reorders keys (Postgres jsonb does).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    if (typeof value === 'bigint') throw new Error('canonicalJson: bigint is not JSON');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface HashableEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** The payload exactly as stored (before any upcasting). */
  data: unknown;
  metadata: EventMetadata;
}

/** Digest of everything the caller supplied: id, type, stored payload and caller metadata. */
export function contentDigest(event: HashableEvent): string {
  const m = event.metadata;
  return sha256Hex(
    canonicalJson({
      eventId: event.eventId.toLowerCase(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: {
        correlationId: m.correlationId,
        causationId: m.causationId,
        actor: { subject: m.actor.subject, role: m.actor.role },
        occurredAt: m.occurredAt,
        traceparent: m.traceparent,
      },
    }),
  );
}

/**
 * The link: binds the content digest to its place (stream and revision) and to the previous
 * link, so editing, deleting, reordering or moving any event breaks every later hash.
 * The Postgres adapter computes this same formula inside its append function.
 */
export function chainHash(previousHash: string, streamId: string, revision: number, digest: string): string {
  return sha256Hex(`${previousHash}\n${streamId}\n${revision}\n${digest}`);
}
