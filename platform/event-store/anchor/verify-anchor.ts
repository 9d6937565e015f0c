import type { KeyObject } from 'node:crypto';
import type { ChainBreak } from '../chain-verifier';
import type { EventStore } from '../event-store.port';
import type { Position } from '../position';
import { checkAnchorSignature, type AnchoredStream, type AnchorFile, type SignatureCheck } from './anchor-file';
import { walkChains, type OutOfOrder, type WalkedHead } from './chain-walk';

export type AnchorProblemKind = 'hash-changed' | 'events-lost' | 'stream-missing' | 'events-added' | 'not-anchored';

/** A stream whose state at the anchored position differs from what the anchor recorded. */
export interface AnchorProblem {
  streamId: string;
  kind: AnchorProblemKind;
  anchored: { revision: number; hash: string } | null;
  found: { revision: number; hash: string } | null;
  detail: string;
}

export interface AnchorVerification {
  anchor: { position: Position; streamCount: number; createdAt: string; publicKeyId: string };
  signature: SignatureCheck;
  /** Events and streams found at or before the anchored position (0 when the signature failed: the store is not examined). */
  events: number;
  streams: number;
  problems: AnchorProblem[];
  /** Chains that no longer recompute, first broken link per stream, at or before the anchored position. */
  breaks: ChainBreak[];
  /** Events the store's global order placed before an earlier revision of their stream (not tampering). */
  outOfOrder: OutOfOrder[];
  intact: boolean;
}

/**
 * Compares the stream heads found at the anchored position with the anchored ones. On an
 * untouched store they are equal stream by stream: events appended since all lie after the
 * position, so any difference means history at or before it was changed.
 */
export function compareHeads(anchored: AnchoredStream[], found: ReadonlyMap<string, WalkedHead>): AnchorProblem[] {
  const problems: AnchorProblem[] = [];
  const names = new Set<string>();
  for (const a of anchored) {
    names.add(a.streamId);
    const f = found.get(a.streamId);
    const base = { streamId: a.streamId, anchored: { revision: a.revision, hash: a.hash }, found: f ? { revision: f.revision, hash: f.hash } : null };
    if (!f) {
      problems.push({ ...base, kind: 'stream-missing', detail: `anchored at revision ${a.revision}, but the store holds none of its events at or before the anchored position: the stream was deleted or moved` });
    } else if (f.revision < a.revision) {
      problems.push({ ...base, kind: 'events-lost', detail: `anchored up to revision ${a.revision}, but the store holds only up to revision ${f.revision} at or before the anchored position: events were deleted or moved` });
    } else if (f.revision > a.revision) {
      problems.push({ ...base, kind: 'events-added', detail: `anchored up to revision ${a.revision}, but the store holds revisions up to ${f.revision} at or before the anchored position: events were inserted into the past` });
    } else if (f.hash !== a.hash) {
      problems.push({ ...base, kind: 'hash-changed', detail: `revision ${a.revision} now has hash ${f.hash}, the anchor recorded ${a.hash}: the stream was rewritten at or before revision ${a.revision}` });
    }
  }
  for (const [streamId, f] of found) {
    if (names.has(streamId)) continue;
    problems.push({
      streamId, kind: 'not-anchored', anchored: null, found: { revision: f.revision, hash: f.hash },
      detail: `has ${f.revision + 1} event(s) at or before the anchored position but is not in the anchor: the stream was inserted into the past`,
    });
  }
  return problems.sort((x, y) => (x.streamId < y.streamId ? -1 : x.streamId > y.streamId ? 1 : 0));
}

/**
 * Proves that nothing at or before the anchor's position changed since it was signed: the
 * signature holds, every chain up to the position recomputes, and every stream's head at the
 * position is exactly the anchored one. The store must use the raw codec.
 */
export async function verifyAnchor(
  store: EventStore,
  anchor: AnchorFile,
  publicKey: KeyObject,
  options: { onProgress?: (events: number) => void; batchSize?: number } = {},
): Promise<AnchorVerification> {
  const summary = { position: anchor.position, streamCount: anchor.streamCount, createdAt: anchor.createdAt, publicKeyId: anchor.publicKeyId };
  const signature = checkAnchorSignature(anchor, publicKey);
  // An anchor that is not authentic proves nothing; comparing the store with it would only mislead.
  if (!signature.ok) return { anchor: summary, signature, events: 0, streams: 0, problems: [], breaks: [], outOfOrder: [], intact: false };
  const walk = await walkChains(store, { upTo: anchor.position, onProgress: options.onProgress, batchSize: options.batchSize });
  const problems = compareHeads(anchor.streams, walk.heads);
  return {
    anchor: summary, signature, events: walk.events, streams: walk.heads.size, problems, breaks: walk.breaks, outOfOrder: walk.outOfOrder,
    intact: problems.length === 0 && walk.breaks.length === 0,
  };
}
