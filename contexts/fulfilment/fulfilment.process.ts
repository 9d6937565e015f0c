import type { FulfilmentEvent, OrderPlaced } from '../../event-schemas';
import { fold } from '../shared/decider';
import { fulfilmentDecider, type Fulfilment, type FulfilmentState } from './fulfilment.decider';
import { reservationIdFor, type FulfilmentIntent } from './fulfilment.intents';
import { advance, observe, type Clock } from './fulfilment.observe';
import { authorizeIntent, outstandingIntents } from './fulfilment.outstanding';
import { correlate, type FulfilmentTrigger } from './fulfilment.triggers';

export const DEFAULT_RESERVATION_TTL_MS = 15 * 60 * 1000;
export const DEFAULT_PAYMENT_TIMEOUT_MS = 30 * 1000;

export interface ReactOptions {
  /**
   * The order's card token: OrderPlaced (v3) `paymentToken`, or null when the order has none.
   * The fulfilment stream does not carry it, so the runtime passes it whenever
   * `needsPaymentToken(state)` says the step may ask for the authorization.
   */
  paymentToken?: string | null;
  /** How long reservations hold before an unconfirmed order is rejected; counted from OrderPlaced. */
  reservationTtlMs?: number;
  /** How long to wait for the authorization's outcome before asking again by idempotency key. */
  paymentTimeoutMs?: number;
}

/** `record`: append to fulfilment-<orderId>, then send `send`; re-sending is harmless. */
export interface Reaction {
  record: FulfilmentEvent[];
  send: FulfilmentIntent[];
}

/**
 * The manager's whole decision for one trigger: the facts and decisions to record, and every
 * intent the step reached still needs. Pure, and idempotent: a trigger already reflected in
 * `state` records nothing and sends what the current step needs again, so a crash between
 * append and send heals when the trigger is delivered again. `now` (ISO-8601) defaults to the
 * trigger's occurredAt.
 */
export function react(state: FulfilmentState, trigger: FulfilmentTrigger, now?: string, options: ReactOptions = {}): Reaction {
  const orderId = correlate(trigger);
  if (orderId === undefined) return { record: [], send: [] };
  const clock = clockFor(trigger, now, options);
  let record: FulfilmentEvent[] = [];
  let next: Fulfilment;
  if (state.phase === 'NotStarted') {
    // A StockReserved or payment event for an order this manager never started is not its business.
    if (trigger.type !== 'OrderPlaced') return { record: [], send: [] };
    record = [fulfilmentStarted(trigger, now, options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS)];
    next = foldStarted(state, record);
  } else if (state.orderId !== orderId) {
    throw new Error(`react got a ${trigger.type} for order ${orderId} with the fulfilment state of order ${state.orderId}; fold fulfilment-${orderId} instead.`);
  } else {
    next = state;
  }
  const hasPaymentToken = () => token(options, orderId) !== null;
  // Each follow-up moves the phase forward, so this ends after a few rounds.
  for (let step = observe(next, trigger, clock); step.length > 0; step = advance(next, hasPaymentToken, clock)) {
    record = [...record, ...step];
    next = foldStarted(next, step);
  }
  return { record, send: intentsToSend(next, trigger, options) };
}

function foldStarted(state: FulfilmentState, events: readonly FulfilmentEvent[]): Fulfilment {
  const next = fold(fulfilmentDecider, events, state);
  if (next.phase === 'NotStarted') throw new Error(`Fulfilment did not start from ${JSON.stringify(events[0])}; a FulfilmentStarted must come first.`);
  return next;
}

function intentsToSend(state: Fulfilment, trigger: FulfilmentTrigger, options: ReactOptions): FulfilmentIntent[] {
  const requireToken = (): string => {
    const value = token(options, state.orderId);
    if (value === null) throw new Error(`Order ${state.orderId} waits for a payment authorization, which needs its payment token, but react got null; pass OrderPlaced's paymentToken.`);
    return value;
  };
  let intents = outstandingIntents(state, requireToken);
  // A payment deadline asks again even while compensating: the answer decides whether a hold must be voided.
  if (trigger.type === 'DeadlineReached' && trigger.data.deadline === 'payment' && state.phase === 'Compensating' && state.payment?.status === 'requested') {
    intents = [...intents, authorizeIntent(state, requireToken)];
  }
  // The trigger proves the order already took that command, so asking for it again is noise.
  if (trigger.type === 'OrderConfirmed') intents = intents.filter((intent) => intent.type !== 'ConfirmOrder');
  if (trigger.type === 'OrderRejected') intents = intents.filter((intent) => intent.type !== 'RejectOrder');
  return intents;
}

/** Undefined is a runtime that forgot to look; null an order placed without a token. */
function token(options: ReactOptions, orderId: string): string | null {
  if (options.paymentToken === undefined) {
    throw new Error(`Order ${orderId} is at the payment step, but react got no paymentToken; pass the order's OrderPlaced paymentToken, or null if it has none.`);
  }
  return options.paymentToken;
}

/** One reservation per SKU: its id is `<orderId>:reserve:<sku>`, so lines of one SKU (only v1 allowed them) share it. */
function fulfilmentStarted(placed: OrderPlaced & { metadata?: { occurredAt: string } }, now: string | undefined, ttlMs: number): FulfilmentEvent {
  const { orderId, lines, total } = placed.data;
  const quantities = new Map<string, number>();
  for (const line of lines) quantities.set(line.sku, (quantities.get(line.sku) ?? 0) + line.quantity);
  const reservations = [...quantities].map(([sku, quantity]) => ({ reservationId: reservationIdFor(orderId, sku), sku, quantity }));
  // From placement, not from whenever the manager got to it: a late or repeated delivery expires at the same instant.
  const placedAt = instant(placed.metadata?.occurredAt ?? now, `OrderPlaced ${orderId} metadata.occurredAt`);
  return { type: 'FulfilmentStarted', data: { orderId, reservations, amount: total, reservationsExpireAt: new Date(placedAt + ttlMs).toISOString() } };
}

function clockFor(trigger: FulfilmentTrigger, now: string | undefined, options: ReactOptions): Clock {
  const fallback = trigger.type === 'DeadlineReached' ? trigger.data.at : trigger.metadata?.occurredAt;
  return {
    now: () => instant(now ?? fallback, `the current time for ${trigger.type}`),
    paymentTimeoutMs: options.paymentTimeoutMs ?? DEFAULT_PAYMENT_TIMEOUT_MS,
  };
}

function instant(value: string | undefined, what: string): number {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${what} is ${JSON.stringify(value)}; pass an ISO-8601 UTC instant (react's now, or the event's metadata.occurredAt).`);
  return ms;
}
