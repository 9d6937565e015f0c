import {
  BACKWARDS,
  END,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type KurrentDBClient,
  type RecordedEvent as KurrentRecordedEvent,
  type ReadStreamOptions,
} from '@kurrent/kurrentdb-client';
import { sha256Hex } from '../hash-chain';

/**
 * KurrentDB indexes events by stream and revision only, and its own deduplication recognises a
 * retry only when it repeats the original expected revision. A retry here re-reads the head and
 * would append the batch again. So every append first records a claim for its batch, keyed by the
 * batch's first event id, in the stream `_eventid-<id>`:
 *
 *   { streamId, afterRevision, count, eventIdsSha256 }
 *
 * "Batch B goes into streamId right after afterRevision." An append then writes B with exactly
 * that expected revision, so B can land nowhere else, and the claim can be checked by reading one
 * event: at afterRevision + 1 of streamId is B's first id (written), another event (the attempt
 * lost a race: stale), or nothing yet (pending: in flight, or its writer died).
 *
 * This is unbounded in time, unlike scanning a stream's tail, and one read instead of up to a
 * thousand. Limits: only the FIRST id of a batch is indexed, so reusing a later id of an earlier
 * batch in a new batch is not detected (Postgres rejects it through a unique index). A pending
 * claim whose writer died blocks sending the same first id to a different stream or as a
 * different batch until the claimed stream moves on. Index streams start with `_`, which no
 * domain stream id can, and are filtered out of every $all read.
 */
export const INDEX_STREAM_PREFIX = '_eventid-';
const CLAIM_TYPE = 'BatchClaimed';

export interface Claim {
  /** Revision of this claim in its index stream; a new claim must expect it. */
  claimRevision: bigint;
  streamId: string;
  /** Revision of the stream's last event when claimed; -1 for a stream with no events. */
  afterRevision: number;
  count: number;
  eventIdsSha256: string;
}

export type ClaimState = 'written' | 'pending' | 'stale';

export interface Batch {
  firstId: string;
  count: number;
  eventIdsSha256: string;
}

export function describeBatch(eventIds: string[]): Batch {
  const ids = eventIds.map((id) => id.toLowerCase());
  return { firstId: ids[0]!, count: ids.length, eventIdsSha256: sha256Hex(ids.join(',')) };
}

export function isSameBatch(claim: Claim, streamId: string, batch: Batch): boolean {
  return claim.streamId === streamId && claim.count === batch.count && claim.eventIdsSha256 === batch.eventIdsSha256;
}

export function describeClaim(claim: Claim, state: ClaimState): string {
  const revisions = `${claim.afterRevision + 1}..${claim.afterRevision + claim.count}`;
  return state === 'written'
    ? `in stream ${claim.streamId} at revisions ${revisions} by a different batch`
    : `claimed by an unfinished append of ${claim.count} event(s) to ${claim.streamId} at revisions ${revisions}`;
}

/** Reads a stream to an array; a stream that does not exist (or was deleted) has no events. */
export async function readEvents(client: KurrentDBClient, streamId: string, options: ReadStreamOptions): Promise<KurrentRecordedEvent[]> {
  const events: KurrentRecordedEvent[] = [];
  try {
    for await (const resolved of client.readStream(streamId, options)) if (resolved.event) events.push(resolved.event);
  } catch (error) {
    if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return [];
    throw error;
  }
  return events;
}

export class EventIdIndex {
  constructor(private readonly client: KurrentDBClient) {}

  async read(firstId: string): Promise<Claim | undefined> {
    const [event] = await readEvents(this.client, INDEX_STREAM_PREFIX + firstId, { direction: BACKWARDS, fromRevision: END, maxCount: 1, requiresLeader: true });
    if (!event) return undefined;
    const data = event.data as Omit<Claim, 'claimRevision'>;
    return { claimRevision: event.revision, streamId: data.streamId, afterRevision: data.afterRevision, count: data.count, eventIdsSha256: data.eventIdsSha256 };
  }

  async state(claim: Claim, firstId: string): Promise<ClaimState> {
    const [event] = await readEvents(this.client, claim.streamId, { direction: FORWARDS, fromRevision: BigInt(claim.afterRevision + 1), maxCount: 1, requiresLeader: true });
    if (!event) return 'pending';
    return event.id.toLowerCase() === firstId ? 'written' : 'stale';
  }

  /** False when another append claimed (or re-claimed) the id first; the caller re-reads and decides again. */
  async claim(batch: Batch, streamId: string, afterRevision: number, previous: Claim | undefined): Promise<boolean> {
    const data = { streamId, afterRevision, count: batch.count, eventIdsSha256: batch.eventIdsSha256 };
    try {
      await this.client.appendToStream(INDEX_STREAM_PREFIX + batch.firstId, jsonEvent({ type: CLAIM_TYPE, data }), {
        streamState: previous ? previous.claimRevision : NO_STREAM,
        requiresLeader: true,
      });
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw error;
    }
  }
}
