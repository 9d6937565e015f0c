import { checkLink, type ChainBreak } from '../chain-verifier';
import type { EventStore } from '../event-store.port';
import { Position } from '../position';

/** The last event of a stream at or before some position. */
export interface WalkedHead {
  revision: number;
  hash: string;
}

export interface ChainWalk {
  /** Where the walk ended: the given position, or the last event before it on a store that has fewer. */
  position: Position;
  events: number;
  heads: Map<string, WalkedHead>;
  /** The first broken link of each stream, in the order they were met. */
  breaks: ChainBreak[];
}

interface Tracked extends WalkedHead {
  broken: boolean;
}

/**
 * Walks every event at or before `upTo` once, in global order, recomputing each stream's hash
 * chain and keeping each stream's last revision and stored hash. Anchoring and anchor checks
 * both need exactly this, and one pass keeps them to the cost of `audit verify`.
 * The store must use the raw codec: hashes cover the payloads as stored.
 */
export async function walkChains(
  store: EventStore,
  options: { upTo: Position; batchSize?: number; onProgress?: (events: number) => void },
): Promise<ChainWalk> {
  const streams = new Map<string, Tracked>();
  const breaks: ChainBreak[] = [];
  const batchSize = options.batchSize ?? 2000;
  let events = 0;
  let after = Position.START;
  for (let done = options.upTo === Position.START; !done; ) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    for (const event of batch) {
      if (event.position > options.upTo) {
        done = true;
        break;
      }
      events++;
      after = event.position;
      const previous = streams.get(event.streamId);
      // After a stream's first break its later links are not judged again: one report per stream.
      const broken = previous?.broken ? undefined : checkLink(event, previous);
      if (broken) breaks.push(broken);
      streams.set(event.streamId, { revision: event.revision, hash: event.metadata.hash, broken: Boolean(broken) || Boolean(previous?.broken) });
    }
    options.onProgress?.(events);
    if (batch.length < batchSize || after === options.upTo) done = true;
  }
  return { position: after, events, heads: streams, breaks };
}
