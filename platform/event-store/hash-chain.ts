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
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(member);
    first = false;
  }
  return out + '}';
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

/** The metadata fields the hash covers, and the only ones stored: an unhashed field could be altered unseen. */
export function hashedMetadata(m: EventMetadata): EventMetadata {
  return {
    correlationId: m.correlationId,
    causationId: m.causationId,
    actor: { subject: m.actor.subject, role: m.actor.role },
    occurredAt: m.occurredAt,
    ...(m.traceparent !== undefined ? { traceparent: m.traceparent } : {}),
  };
}

export interface StoredEncoding {
  digest: string;
  /** Canonical JSON of the payload and of the hashed metadata: what the store writes. */
  dataJson: string;
  metadataJson: string;
}

/**
 * Digest of everything the caller supplied (id, type, stored payload, metadata) plus the JSON to
 * store, from one canonical encoding. The envelope's keys are written in sorted order by hand, so
 * it equals canonicalJson of the whole envelope without encoding the payload twice.
 */
export function encodeForStorage(event: HashableEvent): StoredEncoding {
  const dataJson = canonicalJson(event.data);
  const metadataJson = canonicalJson(hashedMetadata(event.metadata));
  const envelope = `{"data":${dataJson},"eventId":${JSON.stringify(event.eventId.toLowerCase())},"metadata":${metadataJson},"schemaVersion":${canonicalJson(event.schemaVersion)},"type":${JSON.stringify(event.type)}}`;
  return { digest: sha256Hex(envelope), dataJson, metadataJson };
}

export function contentDigest(event: HashableEvent): string {
  return encodeForStorage(event).digest;
}

/**
 * The link: binds the content digest to its place (stream and revision) and to the previous
 * link, so editing, deleting, reordering or moving any event breaks every later hash.
 * The Postgres adapter computes this same formula inside its append function.
 */
export function chainHash(previousHash: string, streamId: string, revision: number, digest: string): string {
  return sha256Hex(`${previousHash}\n${streamId}\n${revision}\n${digest}`);
}
