import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import { Position } from '../../platform/event-store/position';
import type { StreamFilter } from './event-params';

/**
 * Most events one request looks at. A selective filter over a long history would otherwise read
 * it all in one request; past this many the answer stops with what it found and a `next` to go on.
 */
export const SCAN_BUDGET = 10_000;
/** Events per read from the store. */
const READ_BATCH = 1000;

export interface EventQuery {
  stream?: StreamFilter;
  types?: readonly string[];
  /** Exclusive. */
  after: Position;
  limit: number;
}

export interface BrowsedEvents {
  items: RecordedEvent[];
  /** Where the next page starts (exclusive); null once the scan has reached the newest event. */
  next: Position | null;
  /** The last position looked at (or `after` when nothing was). */
  scannedTo: Position;
}

/**
 * One page of the event browser, in global order. One stream by its id is read from that stream
 * (its events only); anything else is a scan of all events from the cursor, at most `budget` of
 * them per call. Only events every reader of all events can already see are shown: a stream read
 * also sees events above the store's visible head, and a cursor past one of those could skip an
 * event that an older transaction still commits behind it.
 */
export async function browseEvents(store: EventStore, query: EventQuery, budget = SCAN_BUDGET): Promise<BrowsedEvents> {
  const types = query.types ? new Set(query.types) : undefined;
  if (query.stream && 'exact' in query.stream) return browseStream(store, query.stream.exact, types, query, budget);
  const prefix = query.stream?.prefix;
  const wanted = (e: RecordedEvent) => (prefix === undefined || e.streamId.startsWith(prefix)) && (!types || types.has(e.type));
  const items: RecordedEvent[] = [];
  let cursor = query.after;
  let scanned = 0;
  for (;;) {
    const want = Math.min(READ_BATCH, budget - scanned);
    const batch = await store.readAll({ after: cursor, maxCount: want });
    for (const event of batch) {
      scanned++;
      cursor = event.position;
      if (wanted(event) && items.push(event) === query.limit) return { items, next: cursor, scannedTo: cursor };
    }
    // A short batch is the end of what readers can see now.
    if (batch.length < want) return { items, next: null, scannedTo: cursor };
    if (scanned >= budget) return { items, next: cursor, scannedTo: cursor };
  }
}

async function browseStream(store: EventStore, streamId: string, types: Set<string> | undefined, query: EventQuery, budget: number): Promise<BrowsedEvents> {
  const [visible, head] = await Promise.all([store.headPosition(), store.streamHead(streamId)]);
  const end = { items: [], next: null, scannedTo: query.after };
  if (!head || head.position <= query.after) return end;
  const items: RecordedEvent[] = [];
  let revision = await firstRevisionAfter(store, streamId, head.revision, query.after);
  let cursor = query.after;
  let scanned = 0;
  while (revision <= head.revision) {
    const want = Math.min(READ_BATCH, budget - scanned);
    const batch = await store.readStream(streamId, { fromRevision: revision, maxCount: want });
    for (const event of batch) {
      if (event.position > visible) return { items, next: null, scannedTo: cursor };
      scanned++;
      revision = event.revision + 1;
      if (event.position <= query.after) continue;
      cursor = event.position;
      if ((!types || types.has(event.type)) && items.push(event) === query.limit) {
        return { items, next: event.revision < head.revision ? cursor : null, scannedTo: cursor };
      }
    }
    if (batch.length < want) break;
    if (scanned >= budget) return { items, next: cursor, scannedTo: cursor };
  }
  return { items, next: null, scannedTo: cursor };
}

/**
 * Where to start reading a stream for events after `after`: in a long stream, the first revision
 * whose position lies after it, by bisection on one-event reads, so a page deep into the stream
 * does not re-read its beginning. Positions rise with revisions in a stream
 * whose appends name their expected revision, which every append of the write side does.
 */
async function firstRevisionAfter(store: EventStore, streamId: string, last: number, after: Position): Promise<number> {
  // A stream shorter than one read is cheaper read whole, skipping what lies before `after`.
  if (after === Position.START || last < READ_BATCH) return 0;
  let low = 0;
  let high = last;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const [event] = await store.readStream(streamId, { fromRevision: middle, maxCount: 1 });
    if (event && event.position > after) high = middle;
    else low = middle + 1;
  }
  return low;
}
