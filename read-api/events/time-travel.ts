import { z } from 'zod';
import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import type { ProjectedEvent } from '../../projections/runtime/projection';
import { instantParam } from '../http/query-params';

/** Events read per round trip while folding a stream; a hot SKU's stock stream can be long. */
export const TIME_TRAVEL_PAGE = 1000;

export const asOfParam = instantParam(
  'Time travel: answer with the state folded from the event stream as the store had recorded it at this instant (its recordedAt clock, to the millisecond), instead of from the read model. Not later than now.',
)
  // Only about instants: a value the format check refused gets that one message, not this one as well.
  .refine((value) => !(Date.parse(value) > Date.now()), { error: 'must not be in the future; omit asOf for the current state' })
  .transform((value) => new Date(value));

export const asOfParams = z.strictObject({ asOf: asOfParam.optional() });

/**
 * The stream as it stood at `asOf`, page by page: every event recorded at or before that instant,
 * and only an unbroken run of revisions from 0. recordedAt rises with the revision for every append
 * that names its expected revision (all the write side's appends), but an 'any' append that waited
 * for the stream lock can carry an earlier stamp than the revision before it; a stream only ever
 * existed as a prefix, so the run stops at the first missing revision rather than folding a state
 * that never was.
 */
export async function* streamPrefixAsOf(store: EventStore, streamId: string, asOf: Date, pageSize = TIME_TRAVEL_PAGE): AsyncGenerator<RecordedEvent[]> {
  let expected = 0;
  for (;;) {
    const page = await store.readStream(streamId, { fromRevision: expected, maxCount: pageSize, recordedAtOrBefore: asOf });
    const prefix: RecordedEvent[] = [];
    for (const event of page) {
      if (event.revision !== expected) break;
      prefix.push(event);
      expected++;
    }
    if (prefix.length > 0) yield prefix;
    if (prefix.length < page.length || page.length < pageSize) return;
  }
}

/**
 * Folds a stream as it stood at `asOf` with a projection's own fold, over the event types that
 * projection handles (the projector never shows it the others), so the result is the change the
 * projection would have applied to an empty read model: its row at that moment. Undefined when
 * no handled event had been recorded yet.
 */
export async function foldStreamAsOf<C>(
  store: EventStore,
  streamId: string,
  asOf: Date,
  handles: readonly string[],
  fold: (events: ProjectedEvent[], seed: readonly C[]) => C[],
  pageSize = TIME_TRAVEL_PAGE,
): Promise<C | undefined> {
  const handled = new Set(handles);
  let changes: C[] = [];
  for await (const page of streamPrefixAsOf(store, streamId, asOf, pageSize)) {
    changes = fold(page.filter((e) => handled.has(e.type)) as ProjectedEvent[], changes);
  }
  return changes[0];
}
