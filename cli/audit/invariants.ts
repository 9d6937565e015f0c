import type { FulfilmentEvent, OrderEvent, PaymentEvent, StockEvent } from '../../event-schemas';
import { deadlinesOf, evolveFulfilment, initialFulfilmentState, type FulfilmentState } from '../../contexts/fulfilment';
import { availableStock, evolveStock, initialStockState, type StockState } from '../../contexts/inventory';
import { evolveOrder, initialOrderState, type OrderState, type OrderStatus } from '../../contexts/ordering';
import { evolvePayment, initialPaymentState, type PaymentState } from '../../contexts/payments';
import type { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import { CheckpointStore } from '../../platform/processing/checkpoints';
import { Position } from '../../platform/event-store/position';
import { streamCategory } from '../../platform/event-store/validation';

/** The domain's checkable invariants (DOMAIN.md), each with the id reports and tests use. */
export const INVARIANTS = {
  'stream-order': 'stream revisions have no gaps; global positions are unique and increasing',
  'stock-never-negative': 'on hand, reserved and available stock are never negative, at any revision of any stock stream',
  'reservation-ends-once': 'each reservation is made once and ends exactly once (committed or released), never before it was made',
  'order-transitions': 'orders move only Pending → Confirmed → Shipped → Delivered, or to Rejected / Cancelled before shipping',
  'payment-amounts': 'captured ≤ authorized and refunded ≤ captured, in the order currency',
  'reservations-match-orders': 'open reservations are exactly the lines of Confirmed orders; Shipped orders committed theirs; other orders hold none',
  'payments-match-orders': 'a Confirmed order holds an authorization; every captured payment belongs to a Shipped or Delivered order; every Rejected or Cancelled order has its authorization voided or refunded',
  'process-finished': 'no order fulfilment is left unfinished once its deadlines have passed',
} as const;

export type InvariantId = keyof typeof INVARIANTS;

export interface Violation {
  invariant: InvariantId;
  streamId: string;
  revision?: number;
  position?: Position;
  detail: string;
}

export interface InvariantResult {
  invariant: InvariantId;
  description: string;
  /** How many states, events or orders the check looked at. */
  checked: number;
  violations: number;
  /** The first violations found (at most `examplesPerInvariant`). */
  examples: Violation[];
}

export interface InvariantReport {
  events: number;
  streams: number;
  /** Position of the last event read. */
  position: Position;
  orders: number;
  /** Orders the process manager is still working on (events it has not reached, or a deadline ahead): their cross-stream checks wait for them to settle. */
  ordersInFlight: number;
  results: InvariantResult[];
  violations: number;
}

export interface FinishOptions {
  /** Now, for deadlines. */
  now: Date;
  /** The order process manager's checkpoint; undefined when it never ran (every unfinished order is then in flight). */
  processManagerAt: Position | undefined;
  /** How long past its deadline a step may still be in the process manager's hands (its scheduler retries with backoff). */
  graceMs: number;
}

interface OrderTrack {
  state: OrderState;
  /** Last position of any event the order caused, in any stream (correlation id = order id). */
  lastActivity: Position;
}

const TRANSITIONS: Record<OrderStatus | 'NotPlaced', readonly string[]> = {
  NotPlaced: ['OrderPlaced'],
  Pending: ['OrderConfirmed', 'OrderRejected', 'OrderCancelled'],
  Confirmed: ['OrderShipped', 'OrderCancelled'],
  Shipped: ['OrderDelivered'],
  Delivered: [],
  Rejected: [],
  Cancelled: [],
};

const TERMINAL_FULFILMENT = new Set(['Completed', 'Compensated']);

/**
 * Checks the domain invariants over the whole event log, read once in global order. Per-stream
 * rules (stock never negative, each reservation ending once, order transitions, payment amounts,
 * revision gaps) are checked at every event; the rules that tie orders, stock and payments
 * together are checked at the end, for every order the process manager has finished with. Streams
 * are folded with the contexts' own `evolve`, so the checker and the deciders agree on what each
 * event means. Order totals need no check here: the event schema refuses a total that is not the
 * sum of the lines before it is appended.
 */
export class InvariantChecker {
  private readonly counts = new Map<InvariantId, { checked: number; violations: number; examples: Violation[] }>();
  private readonly revisions = new Map<string, number>();
  private readonly stock = new Map<string, StockState>();
  private readonly orders = new Map<string, OrderTrack>();
  private readonly payments = new Map<string, PaymentState>();
  private readonly fulfilments = new Map<string, FulfilmentState>();
  private last: Position = Position.START;
  private events = 0;

  constructor(private readonly examplesPerInvariant = 100) {
    for (const id of Object.keys(INVARIANTS) as InvariantId[]) this.counts.set(id, { checked: 0, violations: 0, examples: [] });
  }

  observe(event: RecordedEvent): void {
    this.events++;
    this.checkStreamOrder(event);
    // Everything an order causes carries its id as correlation id, and comes after its OrderPlaced.
    const track = this.orders.get(event.metadata.correlationId);
    if (track) track.lastActivity = event.position;
    const category = streamCategory(event.streamId);
    if (category === 'stock') this.observeStock(event as RecordedEvent<StockEvent>);
    else if (category === 'order') this.observeOrder(event as RecordedEvent<OrderEvent>);
    else if (category === 'payment') this.observePayment(event as RecordedEvent<PaymentEvent>);
    else if (category === 'fulfilment') this.fulfilments.set(event.streamId, evolveFulfilment(this.fulfilments.get(event.streamId) ?? initialFulfilmentState, event as RecordedEvent<FulfilmentEvent>));
  }

  finish(options: FinishOptions): InvariantReport {
    const openByOrder = new Map<string, Map<string, number>>();
    const committedByOrder = new Map<string, Map<string, number>>();
    for (const [streamId, state] of this.stock) {
      const sku = streamId.slice('stock-'.length);
      for (const r of state.open.values()) add(openByOrder, r.orderId, sku, r.quantity);
      for (const r of state.ended.values()) if (r.outcome === 'committed') add(committedByOrder, r.orderId, sku, r.quantity);
    }
    let inFlight = 0;
    for (const [orderId, track] of this.orders) {
      const order = track.state;
      if (order.status === 'NotPlaced') continue;
      const streamId = `order-${orderId}`;
      const fulfilment = this.fulfilments.get(`fulfilment-${orderId}`) ?? initialFulfilmentState;
      const unseen = options.processManagerAt === undefined || track.lastActivity > options.processManagerAt;
      const waiting = deadlinesOf(fulfilment).some((d) => Date.parse(d.at) + options.graceMs > options.now.getTime());
      if (unseen || waiting) {
        inFlight++;
        continue;
      }
      // At rest an order's fulfilment has finished, or is Confirmed and waits for the shipment.
      const finished = TERMINAL_FULFILMENT.has(fulfilment.phase) || (fulfilment.phase === 'Confirmed' && order.status === 'Confirmed');
      this.check('process-finished', finished ? undefined : { streamId: `fulfilment-${orderId}`, detail: `order ${orderId} is ${order.status} and its fulfilment ${fulfilment.phase}, with no deadline left to move it` });
      // The stock and payment of an order whose process stopped halfway are that same fault, not more of them.
      if (!finished) continue;
      const lines = new Map<string, number>();
      for (const line of order.lines) lines.set(line.sku, (lines.get(line.sku) ?? 0) + line.quantity);
      const open = openByOrder.get(orderId) ?? new Map<string, number>();
      const committed = committedByOrder.get(orderId) ?? new Map<string, number>();
      if (order.status === 'Confirmed') this.check('reservations-match-orders', sameQuantities(open, lines) ? undefined : { streamId, detail: `Confirmed order ${orderId} holds ${describe(open)} open for lines ${describe(lines)}` });
      else if (order.status === 'Shipped' || order.status === 'Delivered') this.check('reservations-match-orders', open.size === 0 && sameQuantities(committed, lines) ? undefined : { streamId, detail: `${order.status} order ${orderId} has ${describe(committed)} committed and ${describe(open)} still open for lines ${describe(lines)}` });
      else this.check('reservations-match-orders', open.size === 0 ? undefined : { streamId, detail: `${order.status} order ${orderId} still holds ${describe(open)} reserved` });
      const problem = paymentProblem(order.status, this.payments.get(`payment-${orderId}`) ?? initialPaymentState, orderId);
      this.check('payments-match-orders', problem ? { streamId: `payment-${orderId}`, detail: problem } : undefined);
    }
    for (const [streamId, payment] of this.payments) {
      if (payment.status !== 'Captured') continue;
      const order = this.orders.get(payment.orderId)?.state;
      if (!order || order.status === 'NotPlaced') this.check('payments-match-orders', { streamId, detail: `payment ${payment.paymentId} was captured for order ${payment.orderId}, which was never placed` });
    }
    const results: InvariantResult[] = [...this.counts].map(([invariant, c]) => ({ invariant, description: INVARIANTS[invariant], checked: c.checked, violations: c.violations, examples: c.examples }));
    return {
      events: this.events,
      streams: this.revisions.size,
      position: this.last,
      orders: [...this.orders.values()].filter((o) => o.state.status !== 'NotPlaced').length,
      ordersInFlight: inFlight,
      results,
      violations: results.reduce((n, r) => n + r.violations, 0),
    };
  }

  private checkStreamOrder(event: RecordedEvent): void {
    const expected = (this.revisions.get(event.streamId) ?? -1) + 1;
    const at = { streamId: event.streamId, revision: event.revision, position: event.position };
    this.check('stream-order', event.revision === expected ? undefined : { ...at, detail: `revision ${event.revision} follows revision ${expected - 1}` });
    this.check('stream-order', event.position > this.last ? undefined : { ...at, detail: `position ${event.position} is not after the previous event's ${this.last}` });
    this.revisions.set(event.streamId, Math.max(event.revision, expected - 1));
    if (event.position > this.last) this.last = event.position;
  }

  private observeStock(event: RecordedEvent<StockEvent>): void {
    const before = this.stock.get(event.streamId) ?? initialStockState;
    const at = { streamId: event.streamId, revision: event.revision, position: event.position };
    switch (event.type) {
      case 'StockReserved':
      case 'StockReservationRejected': {
        const id = event.data.reservationId;
        // The stock state keeps every reservation ever made, open or ended (rejected ones too).
        const made = before.open.has(id) || before.ended.has(id);
        this.check('reservation-ends-once', made ? { ...at, detail: `${event.type} for reservation ${id}, which was made before` } : undefined);
        break;
      }
      case 'StockCommitted':
      case 'StockReservationReleased': {
        const id = event.data.reservationId;
        const ended = before.ended.get(id);
        this.check('reservation-ends-once', before.open.has(id) ? undefined : { ...at, detail: ended ? `${event.type} for reservation ${id}, which had already ended (${ended.outcome})` : `${event.type} for reservation ${id}, which was never made` });
        break;
      }
      default:
        break;
    }
    const after = evolveStock(before, event);
    this.stock.set(event.streamId, after);
    const negative = [after.onHand < 0 && `on hand ${after.onHand}`, after.reserved < 0 && `reserved ${after.reserved}`, availableStock(after) < 0 && `available ${availableStock(after)}`].filter(Boolean);
    this.check('stock-never-negative', negative.length === 0 ? undefined : { ...at, detail: `after ${event.type}: ${negative.join(', ')}` });
  }

  private observeOrder(event: RecordedEvent<OrderEvent>): void {
    const orderId = event.streamId.slice('order-'.length);
    const track = this.orders.get(orderId) ?? { state: initialOrderState, lastActivity: event.position };
    const allowed = TRANSITIONS[track.state.status].includes(event.type);
    this.check('order-transitions', allowed ? undefined : { streamId: event.streamId, revision: event.revision, position: event.position, detail: `${event.type} on an order that is ${track.state.status}` });
    // A refused transition is reported and not applied, so one bad event is not reported again at every later one.
    if (allowed) track.state = evolveOrder(track.state, event);
    track.lastActivity = event.position;
    this.orders.set(orderId, track);
  }

  private observePayment(event: RecordedEvent<PaymentEvent>): void {
    const state = evolvePayment(this.payments.get(event.streamId) ?? initialPaymentState, event);
    this.payments.set(event.streamId, state);
    if (state.status === 'NotRequested') return;
    const { amount, captured, refunded } = state;
    const problems = [
      captured && (captured.currency !== amount.currency || captured.amountMinor > amount.amountMinor) && `captured ${money(captured)} of ${money(amount)} authorized`,
      refunded.amountMinor > 0 && (!captured || refunded.currency !== captured.currency || refunded.amountMinor > captured.amountMinor) && `refunded ${money(refunded)} of ${captured ? money(captured) : 'nothing'} captured`,
    ].filter(Boolean);
    this.check('payment-amounts', problems.length === 0 ? undefined : { streamId: event.streamId, revision: event.revision, position: event.position, detail: `after ${event.type}: ${problems.join('; ')}` });
  }

  private check(invariant: InvariantId, violation: Omit<Violation, 'invariant'> | undefined): void {
    const c = this.counts.get(invariant)!;
    c.checked++;
    if (!violation) return;
    c.violations++;
    if (c.examples.length < this.examplesPerInvariant) c.examples.push({ invariant, ...violation });
  }
}

function add(into: Map<string, Map<string, number>>, orderId: string, sku: string, quantity: number): void {
  const bySku = into.get(orderId) ?? new Map<string, number>();
  into.set(orderId, bySku.set(sku, (bySku.get(sku) ?? 0) + quantity));
}

function sameQuantities(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([sku, quantity]) => b.get(sku) === quantity);
}

const describe = (bySku: Map<string, number>) => (bySku.size === 0 ? 'nothing' : [...bySku].map(([sku, quantity]) => `${quantity} x ${sku}`).join(', '));
const money = (m: { amountMinor: number; currency: string }) => `${m.amountMinor} ${m.currency}`;

/** What is wrong with the order's payment for its status, if anything. */
function paymentProblem(status: OrderStatus, payment: PaymentState, orderId: string): string | undefined {
  const held = payment.status === 'Authorized';
  const kept = payment.status === 'Captured' && payment.refunded.amountMinor < (payment.captured?.amountMinor ?? 0);
  switch (status) {
    case 'Confirmed':
      return held ? undefined : `Confirmed order ${orderId} has no authorization held (payment ${payment.status})`;
    case 'Shipped':
    case 'Delivered':
      return payment.status === 'Captured' ? undefined : `${status} order ${orderId} has no captured payment (payment ${payment.status})`;
    case 'Rejected':
    case 'Cancelled':
      return held || kept ? `${status} order ${orderId} still ${held ? 'holds an authorization' : 'keeps a captured payment'}` : undefined;
    default:
      return undefined;
  }
}


/** The order process manager's checkpoint (its name in processing.checkpoints); undefined when it never ran against this database. */
export async function processManagerCheckpoint(pool: Pool): Promise<Position | undefined> {
  try {
    const at = await new CheckpointStore(pool).load('order-fulfilment');
    return at === Position.START ? undefined : at;
  } catch {
    return undefined; // no processing schema: the process manager never ran here
  }
}

/**
 * Every event up to the head as it stands when the check starts, through the checker. Take the
 * process manager's checkpoint before calling: an order it reaches meanwhile then only counts as
 * in flight, never as unfinished.
 */
export async function checkInvariants(store: EventStore, options: Omit<FinishOptions, 'now'> & { now?: Date; pageSize?: number; onProgress?: (read: number) => void }): Promise<InvariantReport> {
  const pageSize = options.pageSize ?? 2_000;
  const head = await store.headPosition();
  const checker = new InvariantChecker();
  let after = Position.START;
  let read = 0;
  while (after < head) {
    const page = (await store.readAll({ after, maxCount: pageSize })).filter((event) => event.position <= head);
    // Only an empty page or the head ends the read: the port does not promise that a short page is the last.
    if (page.length === 0) break;
    for (const event of page) checker.observe(event);
    read += page.length;
    options.onProgress?.(read);
    after = page.at(-1)!.position;
  }
  return checker.finish({ now: options.now ?? new Date(), processManagerAt: options.processManagerAt, graceMs: options.graceMs });
}
