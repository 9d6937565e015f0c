import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type KurrentDBClient,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import type { EventCodec, EventShape, ReadStreamOptions, RecordedEvent } from '../event-store.port';
import { Position } from '../position';
import { readEvents } from './event-id-index';
import { decodeEvent, DOMAIN_STREAMS, isDomainEvent, toPosition, toReadPosition, toRevision } from './kurrentdb-mapping';

/** Events per request when a read filters client side (time travel, skipped link events). */
const PAGE = 500;

/** A stream slice; the server bounds revisions and count, time travel is filtered here page by page. */
export async function readStreamRange<E extends EventShape>(client: KurrentDBClient, codec: EventCodec, streamId: string, options: ReadStreamOptions): Promise<RecordedEvent<E>[]> {
  const backwards = options.direction === 'backwards';
  const to = options.toRevision;
  const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
  const asOf = options.recordedAtOrBefore?.getTime();
  const out: RecordedEvent<E>[] = [];
  let from = options.fromRevision;
  for (;;) {
    const span = to === undefined || (backwards && from === undefined) ? Number.MAX_SAFE_INTEGER : backwards ? from! - to + 1 : to - (from ?? 0) + 1;
    if (span <= 0) return out;
    const want = Math.min(span, asOf === undefined ? limit - out.length : PAGE);
    const page = await readEvents(client, streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from === undefined ? (backwards ? END : START) : BigInt(from),
      maxCount: want,
    });
    for (const event of page) {
      const revision = toRevision(event.revision);
      if (to !== undefined && (backwards ? revision < to : revision > to)) return out;
      if (asOf !== undefined && event.created.getTime() > asOf) continue;
      out.push(decodeEvent<E>(event, codec));
      if (out.length >= limit) return out;
    }
    const last = page.at(-1);
    if (!last || page.length < want) return out;
    from = toRevision(last.revision) + (backwards ? -1 : 1);
    if (from < 0) return out;
  }
}

/**
 * $all filtered to domain streams on the server. A forward read from a position includes the event
 * at it, so one extra event is asked for and everything at or before `after` is dropped; events
 * skipped client side are made up for with another read, so a short batch always means the end.
 */
export async function readAllAfter<E extends EventShape>(client: KurrentDBClient, codec: EventCodec, after: Position, maxCount: number): Promise<RecordedEvent<E>[]> {
  let cursor = Position.parse(after);
  const out: RecordedEvent<E>[] = [];
  while (out.length < maxCount) {
    const want = maxCount - out.length + 1;
    const page = await readAllPage(client, toReadPosition(cursor), FORWARDS, want);
    let fresh = 0;
    for (const { event } of page) {
      if (!event || toPosition(event.position) <= cursor) continue;
      fresh++;
      cursor = toPosition(event.position);
      if (isDomainEvent(event)) out.push(decodeEvent<E>(event, codec));
      if (out.length >= maxCount) return out;
    }
    if (page.length < want || fresh === 0) return out;
  }
  return out;
}

/** Position of the last domain event, read backwards from the end of $all. */
export async function lastDomainPosition(client: KurrentDBClient): Promise<Position> {
  let from: ReadPosition = END;
  for (;;) {
    const page = await readAllPage(client, from, BACKWARDS, PAGE);
    const found = page.find(({ event }) => event && isDomainEvent(event));
    if (found?.event) return toPosition(found.event.position);
    const last = page.at(-1)?.event?.position;
    if (page.length < PAGE || !last) return Position.START;
    from = last;
  }
}

async function readAllPage(client: KurrentDBClient, from: ReadPosition, direction: typeof FORWARDS | typeof BACKWARDS, maxCount: number): Promise<AllStreamResolvedEvent[]> {
  const page: AllStreamResolvedEvent[] = [];
  for await (const resolved of client.readAll({ fromPosition: from, direction, maxCount, filter: DOMAIN_STREAMS, requiresLeader: true })) page.push(resolved);
  return page;
}
