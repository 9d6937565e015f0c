import { checkLink, type ChainBreak } from '../chain-verifier';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { Position } from '../position';

/** The last event of a stream at or before some position. */
export interface WalkedHead {
  revision: number;
  hash: string;
}

/** An event met in global order before an earlier revision of its own stream. */
export interface OutOfOrder {
  streamId: string;
  revision: number;
  position: Position;
}

export interface ChainWalk {
  /** Where the walk ended: the given position, or the last event before it on a store that has fewer. */
  position: Position;
  events: number;
  /** Each stream's highest revision met, with its stored hash. */
  heads: Map<string, WalkedHead>;
  /** The first broken link of each stream, in the order they were met. */
  breaks: ChainBreak[];
  /**
   * The global order disagreed with a stream's own order here. Not tampering (the hashes cover
   * stream order, not global positions), but a fault of the store worth reporting.
   */
  outOfOrder: OutOfOrder[];
}

interface Tracked extends WalkedHead {
  /** Revision and hash of the last event linked into the chain. */
  linked: { revision: number; hash: string } | undefined;
  broken: boolean;
  /** Events that arrived before an earlier revision, waiting for it. */
  waiting?: Map<number, RecordedEvent>;
}

/**
 * Walks every event at or before `upTo` once, in global order, recomputing each stream's hash
 * chain and keeping each stream's head. Anchoring and anchor checks both need exactly this, and
 * one pass keeps them to the cost of `audit verify`. An event that comes before an earlier
 * revision of its stream waits for it instead of counting as a gap; only revisions still missing
 * at the end are gaps. The store must use the raw codec: hashes cover the payloads as stored.
 */
export async function walkChains(
  store: EventStore,
  options: { upTo: Position; batchSize?: number; onProgress?: (events: number) => void },
): Promise<ChainWalk> {
  const streams = new Map<string, Tracked>();
  const breaks: ChainBreak[] = [];
  const outOfOrder: OutOfOrder[] = [];
  const batchSize = options.batchSize ?? 2000;
  let events = 0;
  let after = Position.START;

  const link = (t: Tracked, event: RecordedEvent) => {
    // After a stream's first break its later links are not judged again: one report per stream.
    const broken = t.broken ? undefined : checkLink(event, t.linked && { ...t.linked, broken: false });
    if (broken) breaks.push(broken);
    t.broken ||= Boolean(broken);
    t.linked = { revision: event.revision, hash: event.metadata.hash };
  };

  for (let done = options.upTo === Position.START; !done; ) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    for (const event of batch) {
      if (event.position > options.upTo) {
        done = true;
        break;
      }
      events++;
      after = event.position;
      let t = streams.get(event.streamId);
      if (!t) streams.set(event.streamId, (t = { revision: event.revision, hash: event.metadata.hash, linked: undefined, broken: false }));
      if (event.revision >= t.revision) Object.assign(t, { revision: event.revision, hash: event.metadata.hash });
      const expected = t.linked ? t.linked.revision + 1 : 0;
      if (!t.broken && event.revision > expected) {
        (t.waiting ??= new Map()).set(event.revision, event);
        outOfOrder.push({ streamId: event.streamId, revision: event.revision, position: event.position });
        continue;
      }
      link(t, event);
      for (let next = t.waiting?.get(t.linked!.revision + 1); next; next = t.waiting?.get(t.linked!.revision + 1)) {
        t.waiting!.delete(next.revision);
        link(t, next);
      }
    }
    options.onProgress?.(events);
    if (batch.length < batchSize || after === options.upTo) done = true;
  }
  const unresolved = new Set<string>();
  for (const [streamId, t] of streams) {
    if (!t.waiting?.size) continue;
    // Still waiting at the end: the earlier revision never came, a real gap rather than disorder.
    unresolved.add(streamId);
    link(t, [...t.waiting.values()].sort((a, b) => a.revision - b.revision)[0]!);
  }
  return { position: after, events, heads: streams, breaks, outOfOrder: outOfOrder.filter((o) => !unresolved.has(o.streamId)) };
}
