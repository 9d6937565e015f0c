import type { Position } from '../../platform/event-store/position';

/** How many of `positions` (ascending) lie strictly after `after`. */
export function countAfter(positions: readonly Position[], after: Position): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return positions.length - lo;
}

/** A position that only grows, with the time each value was first seen. */
export class Track {
  private readonly seen: { at: number; position: Position }[] = [];

  see(position: Position | undefined, at: number): void {
    if (position && position > (this.seen.at(-1)?.position ?? '')) this.seen.push({ at, position });
  }

  latest(): Position | undefined {
    return this.seen.at(-1)?.position;
  }

  /** When it was first seen at or past `position` (an upper bound: the answer time of that read). */
  reached(position: Position): number | undefined {
    let lo = 0;
    let hi = this.seen.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seen[mid]!.position < position) lo = mid + 1;
      else hi = mid;
    }
    return this.seen[lo]?.at;
  }
}
