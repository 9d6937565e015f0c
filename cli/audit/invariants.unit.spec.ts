import type { RecordedEvent } from '../../platform/event-store/event-store.port';
import type { Position } from '../../platform/event-store/position';
import { InvariantChecker, type InvariantReport } from './invariants';

const ORDER = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const NOW = new Date('2026-03-14T12:00:00.000Z');
const LATER = '2026-03-14T13:00:00.000Z';
const EARLIER = '2026-03-14T11:00:00.000Z';

/** A log in global order: each event gets the next position and its stream's next revision (unless given). */
function log(...events: { stream: string; type: string; data?: unknown; revision?: number; correlation?: string }[]): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return events.map((e, i) => {
    const revision = e.revision ?? (revisions.get(e.stream) ?? -1) + 1;
    revisions.set(e.stream, revision);
    return {
      type: e.type,
      data: e.data ?? {},
      eventId: `e${i}`,
      schemaVersion: 1,
      streamId: e.stream,
      revision,
      position: (i + 1).toString(16).padStart(32, '0') as Position,
      metadata: { correlationId: e.correlation ?? ORDER, causationId: 'c', actor: { subject: 't', role: 'admin' }, occurredAt: EARLIER },
    } as unknown as RecordedEvent;
  });
}

function check(events: RecordedEvent[], options: { processManagerAt?: Position | 'end' } = {}): InvariantReport {
  const checker = new InvariantChecker();
  for (const event of events) checker.observe(event);
  // Caught up with the whole log unless said otherwise; undefined: it never ran.
  const processManagerAt = !('processManagerAt' in options) || options.processManagerAt === 'end' ? events.at(-1)?.position : options.processManagerAt;
  return checker.finish({ now: NOW, processManagerAt, graceMs: 60_000 });
}

const broken = (report: InvariantReport) => Object.fromEntries(report.results.filter((r) => r.violations > 0).map((r) => [r.invariant, r.examples.map((v) => v.detail)]));

const reservation = (n: number, sku = 'MUG') => ({ reservationId: `r${n}`, orderId: ORDER, quantity: 2, sku });
const placed = { stream: `order-${ORDER}`, type: 'OrderPlaced', data: { orderId: ORDER, customerId: 'c1', lines: [{ sku: 'MUG', quantity: 2, unitPrice: eur(500) }], total: eur(1000) } };
const received = { stream: 'stock-MUG', type: 'StockReceived', data: { sku: 'MUG', quantity: 10 }, correlation: 'receipt' };
const started = (expiresAt: string) => ({ stream: `fulfilment-${ORDER}`, type: 'FulfilmentStarted', data: { orderId: ORDER, reservations: [reservation(1)], amount: eur(1000), reservationsExpireAt: expiresAt } });
const reserved = { stream: 'stock-MUG', type: 'StockReserved', data: { ...reservation(1), expiresAt: LATER } };
const recordedReservation = { stream: `fulfilment-${ORDER}`, type: 'FulfilmentReservationRecorded', data: { reservationId: 'r1', status: 'reserved' } };
const paymentRequested = (deadline: string) => ({ stream: `fulfilment-${ORDER}`, type: 'FulfilmentPaymentRequested', data: { paymentId: 'p1', amount: eur(1000), deadline } });
const authorized = { stream: `payment-${ORDER}`, type: 'PaymentAuthorized', data: { paymentId: 'p1', orderId: ORDER, amount: eur(1000), gatewayRef: 'g1' } };
const recordedPayment = { stream: `fulfilment-${ORDER}`, type: 'FulfilmentPaymentRecorded', data: { status: 'authorized' } };
const confirmed = { stream: `order-${ORDER}`, type: 'OrderConfirmed' };
const confirmedStory = [received, placed, started(LATER), reserved, recordedReservation, paymentRequested(LATER), authorized, recordedPayment, confirmed];

describe('InvariantChecker', () => {
  it('finds nothing wrong with a confirmed order whose stock and authorization are held, and checks every rule', () => {
    const report = check(log(...confirmedStory));
    expect(broken(report)).toEqual({});
    expect(report).toMatchObject({ events: 9, streams: 4, orders: 1, ordersInFlight: 0, violations: 0 });
    for (const r of report.results) expect(r.checked).toBeGreaterThan(0);
  });

  it('finds nothing wrong with a shipped order that committed its stock and captured its payment', () => {
    const report = check(
      log(
        ...confirmedStory,
        { stream: `order-${ORDER}`, type: 'OrderShipped', data: { carrier: 'DHL' } },
        { stream: `fulfilment-${ORDER}`, type: 'FulfilmentShipmentStarted' },
        { stream: 'stock-MUG', type: 'StockCommitted', data: reservation(1) },
        { stream: `payment-${ORDER}`, type: 'PaymentCaptured', data: { paymentId: 'p1', orderId: ORDER, amount: eur(1000) } },
        { stream: `fulfilment-${ORDER}`, type: 'FulfilmentCompleted' },
      ),
    );
    expect(broken(report)).toEqual({});
  });

  it('reports stock that goes negative, at the event that did it', () => {
    const report = check(log({ ...received, data: { sku: 'MUG', quantity: 1 } }, { ...reserved, correlation: 'x' }));
    expect(broken(report)['stock-never-negative']).toEqual(['after StockReserved: available -1']);
    expect(report.results.find((r) => r.invariant === 'stock-never-negative')!.examples[0]).toMatchObject({ streamId: 'stock-MUG', revision: 1 });
  });

  it('reports a reservation that ends twice, or ends without having been made, or is made twice', () => {
    const report = check(
      log(
        received,
        { ...reserved, correlation: 'x' },
        { stream: 'stock-MUG', type: 'StockCommitted', data: reservation(1), correlation: 'x' },
        { stream: 'stock-MUG', type: 'StockReservationReleased', data: { ...reservation(1), reason: 'cancelled' }, correlation: 'x' },
        { stream: 'stock-MUG', type: 'StockCommitted', data: reservation(9), correlation: 'x' },
        { ...reserved, correlation: 'x' },
      ),
    );
    expect(broken(report)['reservation-ends-once']).toEqual([
      'StockReservationReleased for reservation r1, which had already ended (committed)',
      'StockCommitted for reservation r9, which was never made',
      'StockReserved for reservation r1, which was made before',
    ]);
  });

  it('reports an order moved out of turn, once, and goes on from the state it had', () => {
    const report = check(log(placed, { stream: `order-${ORDER}`, type: 'OrderShipped', data: { carrier: 'DHL' } }, { stream: `order-${ORDER}`, type: 'OrderCancelled', data: { reason: 'x' } }), { processManagerAt: undefined });
    expect(broken(report)['order-transitions']).toEqual(['OrderShipped on an order that is Pending']);
  });

  it('reports a capture above the authorization and a refund above the capture', () => {
    const report = check(
      log(
        authorized,
        { stream: `payment-${ORDER}`, type: 'PaymentCaptured', data: { paymentId: 'p1', orderId: ORDER, amount: eur(1500) } },
        { stream: `payment-${ORDER}`, type: 'PaymentRefunded', data: { paymentId: 'p1', orderId: ORDER, amount: eur(2000) } },
      ),
    );
    expect(broken(report)['payment-amounts']).toEqual(['after PaymentCaptured: captured 1500 EUR of 1000 EUR authorized', 'after PaymentRefunded: captured 1500 EUR of 1000 EUR authorized; refunded 2000 EUR of 1500 EUR captured']);
  });

  it('reports a gap in a stream and a position that goes back', () => {
    const events = log(placed, { stream: `order-${ORDER}`, type: 'OrderConfirmed', revision: 2 });
    const report = check([...events, { ...events[1]!, streamId: 'order-other', revision: 0, position: events[0]!.position }], { processManagerAt: undefined });
    expect(broken(report)['stream-order']).toEqual(['revision 2 follows revision 0', `position ${events[0]!.position} is not after the previous event's ${events[1]!.position}`]);
  });

  it('reports a cancelled order that still holds its stock and its authorization', () => {
    const report = check(
      log(...confirmedStory, { stream: `order-${ORDER}`, type: 'OrderCancelled', data: { reason: 'customer' } }, { stream: `fulfilment-${ORDER}`, type: 'FulfilmentCompensated', data: { reason: 'cancelled' } }),
    );
    expect(broken(report)).toEqual({
      'reservations-match-orders': [`Cancelled order ${ORDER} still holds 2 x MUG reserved`],
      'payments-match-orders': [`Cancelled order ${ORDER} still holds an authorization`],
    });
  });

  it('reports a confirmed order without stock held and a captured payment whose order was never placed', () => {
    const withoutReservation = confirmedStory.filter((e) => e !== reserved);
    const ghost = { paymentId: 'p9', orderId: 'ghost', amount: eur(100) };
    const report = check(
      log(
        ...withoutReservation,
        { stream: 'payment-ghost', type: 'PaymentAuthorized', data: { ...ghost, gatewayRef: 'g9' }, correlation: 'ghost' },
        { stream: 'payment-ghost', type: 'PaymentCaptured', data: ghost, correlation: 'ghost' },
      ),
    );
    expect(broken(report)).toEqual({
      'reservations-match-orders': [`Confirmed order ${ORDER} holds nothing open for lines 2 x MUG`],
      'payments-match-orders': ['payment p9 was captured for order ghost, which was never placed'],
    });
  });

  it('reports an order left unfinished after its deadlines, but leaves an order in flight alone', () => {
    const waiting = log(received, placed, started(EARLIER), reserved, recordedReservation, paymentRequested(EARLIER));
    expect(broken(check(waiting))).toEqual({ 'process-finished': [`order ${ORDER} is Pending and its fulfilment AwaitingPayment, with no deadline left to move it`] });

    const deadlineAhead = check(log(received, placed, started(LATER), reserved, recordedReservation, paymentRequested(LATER)));
    expect(deadlineAhead).toMatchObject({ ordersInFlight: 1, violations: 0 });

    // The process manager has not reached the order's last event: nothing is concluded about it.
    const unseen = check(waiting, { processManagerAt: waiting[2]!.position });
    expect(unseen).toMatchObject({ ordersInFlight: 1, violations: 0 });
    expect(check(waiting, { processManagerAt: undefined })).toMatchObject({ ordersInFlight: 1, violations: 0 });
  });
});
