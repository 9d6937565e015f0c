import type { DomainEventType } from '../../event-schemas';
import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import type { Position } from '../../platform/event-store/position';
import { orderTimeline, type OrderTimeline } from '../../projections/read-models/order-timeline.projection';
import type { ProjectedEvent } from '../../projections/runtime/projection';
import type { ReadSide } from '../../projections/read-side';

/** Where a printed timeline came from, so the auditor knows how current and how complete it is. */
export type TimelineSource =
  | { kind: 'read-model'; projection: 'order_timeline'; generation: number; state: string; position: Position; head: Position; lagEvents: number | null }
  | { kind: 'event-store'; head: Position; reason: string };

export interface SourcedTimeline {
  timeline: OrderTimeline;
  source: TimelineSource;
}

interface TimelineHandler {
  ids(event: ProjectedEvent): string | string[] | undefined;
  apply(doc: OrderTimeline | null, event: ProjectedEvent): OrderTimeline | null;
}

const handlerFor = (type: string) => orderTimeline.handlers[type as DomainEventType] as TimelineHandler | undefined;

function touches(event: ProjectedEvent, orderId: string): boolean {
  const ids = handlerFor(event.type)?.ids(event);
  return ids === orderId || (Array.isArray(ids) && ids.includes(orderId));
}

async function readWholeStream(store: EventStore, streamId: string, keep: (e: ProjectedEvent) => boolean): Promise<ProjectedEvent[]> {
  const kept: ProjectedEvent[] = [];
  const pageSize = 1000;
  for (let from = 0; ; from += pageSize) {
    const page = (await store.readStream(streamId, { fromRevision: from, maxCount: pageSize })) as RecordedEvent[] as ProjectedEvent[];
    for (const event of page) if (keep(event)) kept.push(event);
    if (page.length < pageSize) return kept;
  }
}

/**
 * The order's timeline folded from the event store by the read model's own handlers, so it is
 * the document the projection would hold at the store's head. The events that can touch an
 * order live in its order, payment and fulfilment streams and in the stock streams of the SKUs
 * it was placed with (reservations carry the order id); those streams are read whole and
 * filtered, which costs one read per busy SKU's history but never a scan of the whole store.
 * Null when the store has no order-<orderId> stream.
 */
export async function timelineFromEvents(store: EventStore, orderId: string): Promise<OrderTimeline | null> {
  const own = await readWholeStream(store, `order-${orderId}`, () => true);
  if (own.length === 0) return null;
  const placed = own.find((e): e is ProjectedEvent<'OrderPlaced'> => e.type === 'OrderPlaced');
  const skus = [...new Set(placed?.data.lines.map((l) => l.sku) ?? [])];
  const others = await Promise.all(
    [`payment-${orderId}`, `fulfilment-${orderId}`, ...skus.map((sku) => `stock-${sku}`)].map((streamId) => readWholeStream(store, streamId, (e) => touches(e, orderId))),
  );
  const events = [...own.filter((e) => touches(e, orderId)), ...others.flat()].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  let doc: OrderTimeline | null = null;
  for (const event of events) doc = handlerFor(event.type)!.apply(doc, event);
  return doc;
}

/**
 * The timeline from the order_timeline read model when it is built and holds the order, else
 * folded from the event store (see timelineFromEvents), saying why. Null for an unknown order.
 */
export async function loadTimeline(store: EventStore, readSide: ReadSide | { unavailable: string }, orderId: string, fromEvents = false): Promise<SourcedTimeline | null> {
  const head = await store.headPosition();
  const fallback = async (reason: string): Promise<SourcedTimeline | null> => {
    const timeline = await timelineFromEvents(store, orderId);
    return timeline ? { timeline, source: { kind: 'event-store', head, reason } } : null;
  };
  if (fromEvents) return fallback('asked for with --from-events');
  if ('unavailable' in readSide) return fallback(`the read model could not be opened (${readSide.unavailable})`);
  const live = await readSide.registry.live('order_timeline');
  if (!live) return fallback('the order_timeline read model is not built (start the projector, or run: commerce projections rebuild order_timeline)');
  const doc = await readSide.documents.get(live.target, orderId);
  if (!doc) return fallback(`the order_timeline read model (at position ${live.position}) does not hold this order`);
  const lagEvents = live.position >= head ? 0 : ((await store.countEventsAfter?.(live.position, 1_000_000)) ?? null);
  return {
    timeline: doc.data as OrderTimeline,
    source: { kind: 'read-model', projection: 'order_timeline', generation: live.generation, state: live.state, position: live.position, head, lagEvents },
  };
}
