import type { KeyObject } from 'node:crypto';
import type { ChainBreak } from '../chain-verifier';
import type { EventStore } from '../event-store.port';
import { signAnchor, type AnchorFile } from './anchor-file';
import { walkChains, type OutOfOrder } from './chain-walk';

export interface CreatedAnchor {
  /** Null when chains were broken and `allowBroken` was not set: nothing was signed. */
  anchor: AnchorFile | null;
  events: number;
  /** Chains already broken at or before the anchored position. */
  breaks: ChainBreak[];
  outOfOrder: OutOfOrder[];
}

/**
 * Signs the head (revision and stored hash) of every stream at the store's current head
 * position. The chains are recomputed on the way, because a signature over an already
 * tampered store would lend it credibility: such a store is signed only when the caller says
 * so, and even then verification against the anchor keeps reporting the break, since it
 * recomputes the chains instead of trusting the stored hashes. The store must use the raw codec.
 */
export async function createAnchor(
  store: EventStore,
  options: { signingKey: KeyObject; allowBroken?: boolean; now?: () => Date; onProgress?: (events: number) => void; batchSize?: number },
): Promise<CreatedAnchor> {
  const head = await store.headPosition();
  const walk = await walkChains(store, { upTo: head, onProgress: options.onProgress, batchSize: options.batchSize });
  const found = { events: walk.events, breaks: walk.breaks, outOfOrder: walk.outOfOrder };
  if (walk.breaks.length > 0 && !options.allowBroken) return { anchor: null, ...found };
  const streams = [...walk.heads].map(([streamId, h]) => ({ streamId, revision: h.revision, hash: h.hash }));
  const anchor = signAnchor({ position: walk.position, streams, createdAt: (options.now ?? (() => new Date()))(), signingKey: options.signingKey });
  return { anchor, ...found };
}
