import { availableStock, stockDecider, type StockState } from '../../contexts/inventory';
import { createLogger } from '../../platform/logger';
import { startGatewaySimulator } from '../../platform/payment-gateway/grpc-gateway.server';
import { Shop } from '../../test/shop';
import { startTestWriteApi, type TestWriteApi } from '../../test/write-api-harness';

jest.setTimeout(90_000);

/** The stock stream's reservation story, without the low-stock alerts it may raise on the way. */
async function stockStory(shop: Shop, sku: string) {
  return (await shop.events(`stock-${sku}`)).filter((e) => e.type !== 'LowStockDetected');
}

describe('Order fulfilment over HTTP with the process manager', () => {
  let api: TestWriteApi;
  let shop: Shop;
  beforeAll(async () => {
    api = await startTestWriteApi({ paymentGatewayTimeoutMs: 300 }, { processManager: true });
    shop = new Shop(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('when stock and payment are fine', () => {
    it('reserves, authorizes and confirms; shipping commits the stock and captures the payment', async () => {
      const [tea, mug] = [await shop.product({ stock: 5, priceMinor: 450 }), await shop.product({ stock: 5, priceMinor: 1200 })];
      const customer = await shop.customer();
      const orderId = await shop.order(customer, [{ sku: tea, quantity: 2 }, { sku: mug, quantity: 1 }]);
      expect(await shop.waitFor(`order-${orderId}`, ['OrderConfirmed', 'OrderRejected'])).toEqual(['OrderPlaced', 'OrderConfirmed']);
      expect(await shop.types(`payment-${orderId}`)).toEqual(['PaymentAuthorized']);
      const [authorized] = await shop.events(`payment-${orderId}`);
      expect(authorized!.data).toMatchObject({ amount: { amountMinor: 2100, currency: 'EUR' } });
      expect(authorized!.metadata).toMatchObject({ correlationId: orderId, actor: { subject: 'order-fulfilment', role: 'system' } });

      const shipped = await api.call('POST', `/orders/${orderId}/ship`, { body: { carrier: 'DHL' }, role: 'operator' });
      expect(shipped.status).toBe(200);
      expect(await shop.waitForFulfilment(orderId)).toContain('FulfilmentCompleted');
      expect(await shop.types(`payment-${orderId}`)).toEqual(['PaymentAuthorized', 'PaymentCaptured']);
      expect((await stockStory(shop, tea)).map((e) => e.type)).toEqual(['StockReceived', 'StockReserved', 'StockCommitted']);

      const delivered = await api.call('POST', `/orders/${orderId}/deliver`, { role: 'operator' });
      expect(delivered.status).toBe(200);
      const cancelAfterShipping = await api.call('POST', `/orders/${orderId}/cancel`, { role: 'customer', subject: customer, body: { reason: 'too late' } });
      expect(cancelAfterShipping).toMatchObject({ status: 409, body: { code: expect.stringMatching(/ORDER_ALREADY_SHIPPED|ORDER_ALREADY_DELIVERED|ORDER_CLOSED/) } });
    });
  });

  describe('when several answers reach the manager together', () => {
    it('records each one with its own cause', async () => {
      const skus = [await shop.product({ stock: 5 }), await shop.product({ stock: 5 }), await shop.product({ stock: 5 })];
      const orderId = await shop.order(await shop.customer(), skus.map((sku) => ({ sku, quantity: 1 })));
      expect(await shop.waitFor(`order-${orderId}`, ['OrderConfirmed', 'OrderRejected'])).toEqual(['OrderPlaced', 'OrderConfirmed']);
      const recorded = (await shop.events(`fulfilment-${orderId}`)).filter((e) => e.type === 'FulfilmentReservationRecorded');
      expect(recorded).toHaveLength(3);
      for (const event of recorded) {
        const { sku, reservationId } = event.data as { sku: string; reservationId: string };
        const reserved = (await shop.events(`stock-${sku}`)).find((e) => e.type === 'StockReserved' && (e.data as { reservationId: string }).reservationId === reservationId);
        expect(event.metadata.causationId).toBe(reserved!.eventId);
      }
    });
  });

  describe('when the payment is declined', () => {
    it('releases every reservation of the order and rejects it', async () => {
      const [a, b] = [await shop.product({ stock: 3 }), await shop.product({ stock: 3 })];
      const orderId = await shop.order(await shop.customer(), [{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }], 'tok_decline_insufficient_funds');
      await shop.waitForFulfilment(orderId);
      expect(await shop.types(`order-${orderId}`)).toEqual(['OrderPlaced', 'OrderRejected']);
      expect((await shop.events(`order-${orderId}`))[1]!.data).toMatchObject({ reason: 'paymentDeclined' });
      for (const sku of [a, b]) {
        const stock = await stockStory(shop, sku);
        expect(stock.map((e) => e.type)).toEqual(['StockReceived', 'StockReserved', 'StockReservationReleased']);
        expect(stock[2]!.data).toMatchObject({ reason: 'paymentFailed' });
      }
    });
  });

  describe('when the gateway does not answer in time but did authorize', () => {
    it('voids the authorization it finds by idempotency key and rejects the order', async () => {
      const sku = await shop.product({ stock: 2 });
      const orderId = await shop.order(await shop.customer(), [{ sku, quantity: 1 }], 'tok_timeout');
      await shop.waitForFulfilment(orderId);
      expect(await shop.types(`payment-${orderId}`)).toEqual(['PaymentAuthorizationFailed', 'AuthorizationVoided']);
      expect((await shop.events(`payment-${orderId}`))[0]!.data).toMatchObject({ code: 'timeout' });
      expect(await shop.types(`order-${orderId}`)).toEqual(['OrderPlaced', 'OrderRejected']);
      expect((await stockStory(shop, sku)).map((e) => e.type)).toEqual(['StockReceived', 'StockReserved', 'StockReservationReleased']);
    });
  });

  describe('when a confirmed order is cancelled', () => {
    it('releases its stock and voids the authorization', async () => {
      const sku = await shop.product({ stock: 4 });
      const customer = await shop.customer();
      const orderId = await shop.order(customer, [{ sku, quantity: 3 }]);
      await shop.waitFor(`order-${orderId}`, ['OrderConfirmed']);
      const other = await api.call('POST', `/orders/${orderId}/cancel`, { role: 'customer', subject: await shop.customer(), body: { reason: 'not mine' } });
      expect(other.status).toBe(403);
      const cancelled = await api.call('POST', `/orders/${orderId}/cancel`, { role: 'customer', subject: customer, body: { reason: 'changed my mind' } });
      expect(cancelled.status).toBe(200);
      await shop.waitForFulfilment(orderId);
      expect(await shop.types(`payment-${orderId}`)).toEqual(['PaymentAuthorized', 'AuthorizationVoided']);
      const stock = await stockStory(shop, sku);
      expect(stock.at(-1)).toMatchObject({ type: 'StockReservationReleased', data: { reason: 'cancelled', quantity: 3 } });
    });
  });

  describe('when 50 customers race for 10 units', () => {
    it('confirms exactly 10, rejects 40 as out of stock, never lets stock go negative and leaves no reservation open', async () => {
      const sku = await shop.product({ stock: 10 });
      const customers = await Promise.all(Array.from({ length: 50 }, () => shop.customer()));
      const orders = await Promise.all(customers.map((c) => shop.order(c, [{ sku, quantity: 1 }])));
      const outcomes = await Promise.all(orders.map((o) => shop.waitFor(`order-${o}`, ['OrderConfirmed', 'OrderRejected'], 60_000)));
      const confirmed = outcomes.filter((t) => t.includes('OrderConfirmed')).length;
      expect(confirmed).toBe(10);
      expect(outcomes.filter((t) => t.includes('OrderRejected')).length).toBe(40);
      const rejected = orders.filter((_, i) => outcomes[i]!.includes('OrderRejected'));
      for (const o of rejected) expect((await shop.events(`order-${o}`))[1]!.data).toMatchObject({ reason: 'outOfStock' });
      // Rejected orders finish compensating; confirmed ones wait for shipment with their stock reserved.
      await Promise.all(rejected.map((o) => shop.waitForFulfilment(o, 60_000)));

      let state: StockState = stockDecider.initialState;
      for (const event of await shop.events(`stock-${sku}`)) {
        state = stockDecider.evolve(state, event as never);
        expect(state.onHand).toBeGreaterThanOrEqual(0);
        expect(state.reserved).toBeGreaterThanOrEqual(0);
        expect(availableStock(state)).toBeGreaterThanOrEqual(0);
      }
      // Open reservations are exactly the confirmed orders' lines.
      expect(state.reserved).toBe(10);
      expect(availableStock(state)).toBe(0);
    });
  });
});

describe('Order fulfilment through the gRPC payment gateway', () => {
  let api: TestWriteApi;
  let gateway: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    gateway = await startGatewaySimulator({ host: '127.0.0.1', port: 0, log: createLogger('gateway', 'error') });
    api = await startTestWriteApi({ paymentGatewayUrl: gateway.url, paymentGatewayTimeoutMs: 2000 }, { processManager: true });
  });
  afterAll(async () => {
    await api?.close();
    await gateway?.stop();
  });

  it('confirms an approved order and rejects a declined one', async () => {
    const shop = new Shop(api);
    const sku = await shop.product({ stock: 10 });
    const customer = await shop.customer();
    const approved = await shop.order(customer, [{ sku, quantity: 1 }], 'tok_mastercard');
    const declined = await shop.order(customer, [{ sku, quantity: 1 }], 'tok_decline');
    expect(await shop.waitFor(`order-${approved}`, ['OrderConfirmed', 'OrderRejected'])).toContain('OrderConfirmed');
    expect(await shop.waitFor(`order-${declined}`, ['OrderConfirmed', 'OrderRejected'])).toContain('OrderRejected');
    expect((await shop.events(`payment-${declined}`))[0]!.data).toMatchObject({ code: 'card_declined' });
  });
});

describe('Cancelling a Pending order while its payment is outstanding', () => {
  let api: TestWriteApi;
  beforeAll(async () => {
    api = await startTestWriteApi({ paymentGatewayTimeoutMs: 1500 }, { processManager: true });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('releases the stock at once and voids the authorization when it arrives', async () => {
    const shop = new Shop(api);
    const sku = await shop.product({ stock: 10 });
    const customer = await shop.customer();
    // The gateway authorizes but answers only after the timeout, so the order stays Pending meanwhile.
    const orderId = await shop.order(customer, [{ sku, quantity: 2 }], 'tok_timeout');
    await shop.waitFor(`fulfilment-${orderId}`, ['FulfilmentPaymentRequested']);
    const cancelled = await api.call('POST', `/orders/${orderId}/cancel`, { role: 'customer', subject: customer, body: { reason: 'found it cheaper' } });
    expect(cancelled.status).toBe(200);
    await shop.waitForFulfilment(orderId, 30_000);
    expect(await shop.types(`order-${orderId}`)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect((await stockStory(shop, sku)).at(-1)).toMatchObject({ type: 'StockReservationReleased', data: { reason: 'cancelled' } });
    expect(await shop.types(`payment-${orderId}`)).toContain('AuthorizationVoided');
  });
});
