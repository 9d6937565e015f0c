import { Position } from '../../platform/event-store/position';
import { CheckpointStore } from '../../platform/processing/checkpoints';
import { Shop } from '../../test/shop';
import { startTestWriteApi, type TestWriteApi } from '../../test/write-api-harness';
import { startProcessManager } from '../process-manager';
import { createWriteSide } from '../write-side.module';
import { FULFILMENT_PROCESS } from './fulfilment-runner';

jest.setTimeout(90_000);

function counts(types: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of types) out[t] = (out[t] ?? 0) + 1;
  return out;
}

describe('The order-fulfilment process manager', () => {
  describe('when it is stopped between two steps and a fresh one takes over from the beginning', () => {
    let api: TestWriteApi;
    beforeAll(async () => {
      api = await startTestWriteApi({ paymentGatewayTimeoutMs: 300 });
    });
    afterAll(async () => {
      await api?.close();
    });

    it('produces each effect exactly once', async () => {
      const shop = new Shop(api);
      const [a, b] = [await shop.product({ stock: 100 }), await shop.product({ stock: 100 })];
      const customer = await shop.customer();
      const orders = await Promise.all(Array.from({ length: 12 }, () => shop.order(customer, [{ sku: a, quantity: 1 }, { sku: b, quantity: 2 }])));

      const first = await api.startProcessManager();
      // Stop it as soon as it is mid-way: some stock reserved, not every order confirmed.
      await shop.waitFor(`stock-${a}`, ['StockReserved']);
      await first.close();
      // The worst case for a crash: no checkpoint was saved, so everything is delivered again.
      await new CheckpointStore(api.runtime.db.pool).reset(FULFILMENT_PROCESS);

      await api.startProcessManager();
      for (const orderId of orders) {
        await shop.waitFor(`order-${orderId}`, ['OrderConfirmed', 'OrderRejected']);
        expect(await shop.types(`order-${orderId}`)).toEqual(['OrderPlaced', 'OrderConfirmed']);
        expect(await shop.types(`payment-${orderId}`)).toEqual(['PaymentAuthorized']);
        expect(counts(await shop.types(`fulfilment-${orderId}`))).toEqual({
          FulfilmentStarted: 1,
          FulfilmentReservationRecorded: 2,
          FulfilmentPaymentRequested: 1,
          FulfilmentPaymentRecorded: 1,
        });
      }
      for (const [sku, quantity] of [[a, 1], [b, 2]] as const) {
        const reserved = (await shop.events(`stock-${sku}`)).filter((e) => e.type === 'StockReserved');
        expect(reserved).toHaveLength(12);
        expect(new Set(reserved.map((e) => (e.data as { orderId: string }).orderId))).toEqual(new Set(orders));
        expect(reserved.every((e) => (e.data as { quantity: number }).quantity === quantity)).toBe(true);
      }
    });
  });

  describe('when a process manager of its own, with nothing in memory, is given every order again from the beginning', () => {
    let api: TestWriteApi;
    beforeAll(async () => {
      api = await startTestWriteApi({ paymentGatewayTimeoutMs: 300 });
    });
    afterAll(async () => {
      await api?.close();
    });

    /** As `commerce process-manager` runs it: its own stream handler (nothing kept) and command bus. */
    const separateManager = async () => startProcessManager(await createWriteSide(api.runtime, api.side.gateway));

    it('recognises the orders it finished, sends nothing new and states no deadline again', async () => {
      const shop = new Shop(api);
      const [a, b] = [await shop.product({ stock: 100 }), await shop.product({ stock: 100 })];
      const customer = await shop.customer();
      const orders = await Promise.all(Array.from({ length: 6 }, () => shop.order(customer, [{ sku: a, quantity: 1 }, { sku: b, quantity: 2 }])));
      const first = await separateManager();
      for (const orderId of orders) await shop.waitFor(`order-${orderId}`, ['OrderConfirmed', 'OrderRejected']);
      await first.close();
      const head = await api.runtime.eventStore.headPosition();
      const checkpoints = new CheckpointStore(api.runtime.db.pool);
      await checkpoints.reset(FULFILMENT_PROCESS);

      // Each OrderPlaced comes first again, to a manager that decides it as the start of a new
      // stream: the stream is there, so it must go on from what the stream holds.
      const second = await separateManager();
      const until = Date.now() + 20_000;
      while (Position.compare(await checkpoints.load(FULFILMENT_PROCESS), head) < 0) {
        if (Date.now() > until) throw new Error('the second manager did not get through the history in time');
        await new Promise((r) => setTimeout(r, 50));
      }
      await second.close();
      for (const orderId of orders) {
        expect(await shop.types(`order-${orderId}`)).toEqual(['OrderPlaced', 'OrderConfirmed']);
        expect(await shop.types(`payment-${orderId}`)).toEqual(['PaymentAuthorized']);
        expect(counts(await shop.types(`fulfilment-${orderId}`))).toEqual({
          FulfilmentStarted: 1,
          FulfilmentReservationRecorded: 2,
          FulfilmentPaymentRequested: 1,
          FulfilmentPaymentRecorded: 1,
        });
      }
      for (const sku of [a, b]) expect((await shop.events(`stock-${sku}`)).filter((e) => e.type === 'StockReserved')).toHaveLength(6);
      // A confirmed order has no deadline left, though its first trigger was decided again.
      const { rows } = await api.runtime.db.pool.query('select key, kind from processing.deadlines where process = $1 and key = any($2)', [FULFILMENT_PROCESS, orders]);
      expect(rows).toEqual([]);
    });
  });

  describe('when a step is recorded but its command fails, and the step is retried', () => {
    let api: TestWriteApi;
    beforeAll(async () => {
      api = await startTestWriteApi({}, { processManager: true });
    });
    afterAll(async () => {
      await api?.close();
    });

    it('sends the command again, though the retry records nothing new', async () => {
      const shop = new Shop(api);
      const sku = await shop.product({ stock: 10 });
      const customer = await shop.customer();
      const { pool } = api.runtime.db;
      // Stock appends fail for a while: the manager's ReserveStock fails after FulfilmentStarted is stored.
      await pool.query(`create or replace function eventstore.refuse_stock() returns trigger language plpgsql as $$
        begin raise exception 'stock unavailable (test)'; end $$`);
      await pool.query(`create trigger refuse_stock before insert on eventstore.events for each row when (new.stream_id like 'stock-%') execute function eventstore.refuse_stock()`);
      try {
        const orderId = await shop.order(customer, [{ sku, quantity: 1 }]);
        await shop.waitFor(`fulfilment-${orderId}`, ['FulfilmentStarted']);
        await new Promise((r) => setTimeout(r, 300));
        await pool.query('drop trigger refuse_stock on eventstore.events');
        await shop.waitFor(`order-${orderId}`, ['OrderConfirmed', 'OrderRejected']);
        expect(await shop.types(`order-${orderId}`)).toEqual(['OrderPlaced', 'OrderConfirmed']);
        expect((await shop.events(`stock-${sku}`)).filter((e) => e.type === 'StockReserved')).toHaveLength(1);
      } finally {
        await pool.query('drop trigger if exists refuse_stock on eventstore.events');
      }
    });
  });

  describe('when two instances run at once', () => {
    let api: TestWriteApi;
    beforeAll(async () => {
      api = await startTestWriteApi({ paymentGatewayTimeoutMs: 300 });
    });
    afterAll(async () => {
      await api?.close();
    });

    it('stops promptly when closed while still acquiring its lease', async () => {
      const started = Date.now();
      for (let i = 0; i < 3; i++) await (await api.startProcessManager()).close();
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('one works and the other stands by, taking over when the first stops', async () => {
      const shop = new Shop(api);
      const sku = await shop.product({ stock: 50 });
      const customer = await shop.customer();
      const active = await api.startProcessManager();
      await new Promise((r) => setTimeout(r, 200));
      await api.startProcessManager(); // the standby
      const before = await shop.order(customer, [{ sku, quantity: 1 }]);
      await shop.waitFor(`order-${before}`, ['OrderConfirmed']);

      await active.close();
      const after = await shop.order(customer, [{ sku, quantity: 1 }]);
      expect(await shop.waitFor(`order-${after}`, ['OrderConfirmed', 'OrderRejected'], 20_000)).toEqual(['OrderPlaced', 'OrderConfirmed']);
      for (const orderId of [before, after]) expect(await shop.types(`payment-${orderId}`)).toEqual(['PaymentAuthorized']);
      expect((await shop.events(`stock-${sku}`)).filter((e) => e.type === 'StockReserved')).toHaveLength(2);
    });
  });

  describe('when the reservations expire before the order is confirmed', () => {
    let api: TestWriteApi;
    beforeAll(async () => {
      // The gateway never answers and the call waits longer than the reservations last.
      api = await startTestWriteApi({ paymentGatewayTimeoutMs: 2500, reservationTtlSeconds: 1 }, { processManager: true });
    });
    afterAll(async () => {
      await api?.close();
    });

    it('releases every reservation as expired and rejects the order', async () => {
      const shop = new Shop(api);
      const sku = await shop.product({ stock: 10 });
      const orderId = await shop.order(await shop.customer(), [{ sku, quantity: 4 }], 'tok_timeout_noauth');
      await shop.waitFor(`order-${orderId}`, ['OrderRejected', 'OrderConfirmed'], 30_000);
      const [, rejected] = await shop.events(`order-${orderId}`);
      expect(rejected).toMatchObject({ type: 'OrderRejected', data: { reason: 'reservationExpired' } });
      await shop.waitForFulfilment(orderId, 30_000);
      const released = (await shop.events(`stock-${sku}`)).filter((e) => e.type === 'StockReservationReleased');
      expect(released).toHaveLength(1);
      expect(released[0]!.data).toMatchObject({ reason: 'expired', quantity: 4 });
    });

    it('still expires them when storing the deadline failed at first and the step was retried', async () => {
      const shop = new Shop(api);
      const sku = await shop.product({ stock: 10 });
      const customer = await shop.customer();
      const { pool } = api.runtime.db;
      await pool.query(`create or replace function processing.refuse_deadlines() returns trigger language plpgsql as $$
        begin raise exception 'deadline store unavailable (test)'; end $$`);
      await pool.query('create trigger refuse before insert or update or delete on processing.deadlines for each statement execute function processing.refuse_deadlines()');
      try {
        const orderId = await shop.order(customer, [{ sku, quantity: 2 }], 'tok_timeout_noauth');
        // The step is recorded, then storing its deadline fails and the step is retried.
        await shop.waitFor(`fulfilment-${orderId}`, ['FulfilmentStarted']);
        await new Promise((r) => setTimeout(r, 300));
        await pool.query('drop trigger refuse on processing.deadlines');
        // The retry records nothing new; only a stored deadline can reject the order for expiry
        // before the gateway's timeout would reject it as declined.
        await shop.waitFor(`order-${orderId}`, ['OrderRejected', 'OrderConfirmed'], 30_000);
        const [, rejected] = await shop.events(`order-${orderId}`);
        expect(rejected).toMatchObject({ type: 'OrderRejected', data: { reason: 'reservationExpired' } });
      } finally {
        await pool.query('drop trigger if exists refuse on processing.deadlines');
      }
    });
  });
});
