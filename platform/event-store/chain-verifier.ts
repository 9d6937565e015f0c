import type { EventStore, RecordedEvent } from './event-store.port';
import { chainHash, contentDigest, GENESIS_HASH } from './hash-chain';
import { Position } from './position';

export type BreakReason = 'revision-gap' | 'previous-hash-mismatch' | 'hash-mismatch';

/** The first link in a stream that does not hold. */
export interface ChainBreak {
  streamId: string;
  revision: number;
  eventId: string;
  position: Position;
  reason: BreakReason;
  detail: string;
}

export interface VerifyProgress {
  events: number;
  streams: number;
  position: Position;
}

export interface VerifyReport {
  events: number;
  streams: number;
  breaks: ChainBreak[];
  /** Position of the last event checked (the walk covers everything up to here). */
  position: Position;
}

interface Link {
  revision: number;
  hash: string;
  broken: boolean;
}

/**
 * Checks one event against the previous link of its stream. The event must be read through a
 * store that uses the raw codec: the hash covers the payload as stored, before upcasting.
 */
export function checkLink(event: RecordedEvent, previous: Link | undefined): ChainBreak | undefined {
  const expectedRevision = previous ? previous.revision + 1 : 0;
  const at = { streamId: event.streamId, revision: event.revision, eventId: event.eventId, position: event.position };
  if (event.revision !== expectedRevision) {
    return { ...at, reason: 'revision-gap', detail: `expected revision ${expectedRevision}, found ${event.revision}: an event is missing or was moved` };
  }
  const expectedPrevious = previous?.hash ?? GENESIS_HASH;
  if (event.metadata.previousHash !== expectedPrevious) {
    return { ...at, reason: 'previous-hash-mismatch', detail: `previousHash ${event.metadata.previousHash} does not match the hash of revision ${expectedRevision - 1} (${expectedPrevious})` };
  }
  const digest = contentDigest({ eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata });
  const recomputed = chainHash(expectedPrevious, event.streamId, event.revision, digest);
  if (recomputed !== event.metadata.hash) {
    return { ...at, reason: 'hash-mismatch', detail: `stored hash ${event.metadata.hash} differs from the recomputed ${recomputed}: the event's content or metadata was altered` };
  }
  return undefined;
}

/** Verifies a single stream from its first event. */
export async function verifyStream(store: EventStore, streamId: string): Promise<VerifyReport> {
  let previous: Link | undefined;
  let events = 0;
  let position = Position.START;
  const pageSize = 1000;
  for (let from = 0; ; from += pageSize) {
    const page = await store.readStream(streamId, { fromRevision: from, maxCount: pageSize });
    for (const event of page) {
      events++;
      position = Position.max(position, event.position);
      const broken = checkLink(event, previous);
      if (broken) return { events, streams: 1, breaks: [broken], position };
      previous = { revision: event.revision, hash: event.metadata.hash, broken: false };
    }
    if (page.length < pageSize) break;
  }
  return { events, streams: events > 0 ? 1 : 0, breaks: [], position };
}

/**
 * Walks every event in global order once and keeps one link per stream in memory, reporting the
 * first broken link of each stream (later events of a broken stream are not judged again).
 */
export async function verifyAllStreams(
  store: EventStore,
  options: { batchSize?: number; onProgress?: (p: VerifyProgress) => void; upTo?: Position } = {},
): Promise<VerifyReport> {
  const links = new Map<string, Link>();
  const breaks: ChainBreak[] = [];
  let events = 0;
  let after = Position.START;
  const batchSize = options.batchSize ?? 2000;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    for (const event of batch) {
      if (options.upTo && event.position > options.upTo) return { events, streams: links.size, breaks, position: after };
      events++;
      after = event.position;
      const previous = links.get(event.streamId);
      if (previous?.broken) continue;
      const broken = checkLink(event, previous);
      if (broken) breaks.push(broken);
      links.set(event.streamId, { revision: event.revision, hash: event.metadata.hash, broken: Boolean(broken) });
    }
    options.onProgress?.({ events, streams: links.size, position: after });
    if (batch.length < batchSize) break;
  }
  return { events, streams: links.size, breaks, position: after };
}
