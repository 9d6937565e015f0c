import { openReadSide, type ReadSide } from '../projections/read-side';
import { exportProjectionMetrics } from '../projections/projection-metrics';
import { startMetricsServer, type MetricsServer } from '../platform/observability/metrics-server';
import { parseExposition, samplesOf, valueOf, type Sample } from '../platform/observability/testing/exposition';
import { request } from '../test/http';
import { Shop } from '../test/shop';
import { startTestWriteApi, type TestWriteApi } from '../test/write-api-harness';
import { startProjector } from './commands/projections.command';

jest.setTimeout(90_000);

describe('GET /metrics on the metrics port after a small workload', () => {
  let api: TestWriteApi;
  let readSide: ReadSide;
  let projector: { close(): Promise<void> } | undefined;
  let metrics: MetricsServer;
  let shop: Shop;

  const scrape = async (): Promise<Sample[]> => {
    const res = await request<string>(`http://127.0.0.1:${metrics.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(res.body);
  };

  /** Scrapes until `ready` holds for the samples (the projector works asynchronously). */
  const scrapeUntil = async (ready: (samples: Sample[]) => boolean, what: string): Promise<Sample[]> => {
    const end = Date.now() + 20_000;
    for (;;) {
      const samples = await scrape();
      if (ready(samples)) return samples;
      if (Date.now() > end) throw new Error(`/metrics never showed ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    api = await startTestWriteApi({}, { processManager: true });
    shop = new Shop(api);
    readSide = await openReadSide(api.runtime);
    projector = await startProjector(readSide, ['order_summary', 'stock_level']);
    metrics = await startMetricsServer({ host: '127.0.0.1', port: 0, log: api.runtime.log });
  });
  afterAll(async () => {
    await metrics?.close();
    await projector?.close();
    await readSide?.close();
    await api?.close();
  });

  it('shows the projection lag at zero once caught up, and command, HTTP, append and process-manager series with the workload in them', async () => {
    const sku = await shop.product({ stock: 5 });
    const orderId = await shop.order(await shop.customer(), [{ sku, quantity: 2 }]);
    await shop.waitFor(`order-${orderId}`, ['OrderConfirmed']);
    const head = await api.eventCount();

    const samples = await scrapeUntil(
      (s) => valueOf(s, 'commerce_projection_lag_events', { projection: 'order_summary' }) === 0 && valueOf(s, 'commerce_projection_lag_events', { projection: 'stock_level' }) === 0,
      'order_summary and stock_level caught up',
    );
    // Caught up: every event of the store was applied by order_summary's live generation.
    expect(valueOf(samples, 'commerce_projection_position', { projection: 'order_summary' })).toBe(head);
    expect(valueOf(samples, 'commerce_projection_lag_seconds', { projection: 'order_summary' })).toBe(0);
    expect(valueOf(samples, 'commerce_projection_dead_letters', { projection: 'order_summary' })).toBe(0);
    expect(valueOf(samples, 'commerce_projection_handler_duration_seconds_count', { projection: 'order_summary' })).toBeGreaterThanOrEqual(1);
    // Only the read models this projector runs.
    expect(samplesOf(samples, 'commerce_projection_lag_events').map((s) => s.labels.projection).sort()).toEqual(['order_summary', 'stock_level']);

    // Commands: the client's PlaceOrder over HTTP, the process manager's ReserveStock through the same bus.
    const placed = { type: 'PlaceOrder', outcome: 'accepted' };
    expect(valueOf(samples, 'commerce_commands_total', placed)).toBe(1);
    expect(valueOf(samples, 'commerce_command_duration_seconds_bucket', { ...placed, le: '+Inf' })).toBe(1);
    expect(valueOf(samples, 'commerce_command_duration_seconds_count', placed)).toBe(1);
    const took = valueOf(samples, 'commerce_command_duration_seconds_sum', placed)!;
    expect(took).toBeGreaterThan(0);
    expect(took).toBeLessThan(10);
    const buckets = samplesOf(samples, 'commerce_command_duration_seconds_bucket', placed).map((s) => s.value);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b)); // cumulative
    expect(valueOf(samples, 'commerce_commands_total', { type: 'ReserveStock', outcome: 'accepted' })).toBe(1);
    expect(valueOf(samples, 'commerce_commands_total', { type: 'DefineProduct', outcome: 'accepted' })).toBe(1);

    // HTTP: labelled by route template, never by the raw path.
    expect(valueOf(samples, 'commerce_http_requests_total', { method: 'POST', route: '/orders', status: '202' })).toBe(1);
    expect(valueOf(samples, 'commerce_http_requests_total', { method: 'POST', route: '/inventory/:sku/receipts', status: '200' })).toBe(1);
    expect(samplesOf(samples, 'commerce_http_requests_total').filter((s) => s.labels.route!.includes(sku))).toEqual([]);
    expect(valueOf(samples, 'commerce_http_request_duration_seconds_count', { method: 'POST', route: '/orders' })).toBe(1);

    // The event store and the order process.
    expect(valueOf(samples, 'commerce_events_appended_total', { type: 'OrderPlaced' })).toBe(1);
    expect(valueOf(samples, 'commerce_event_store_append_duration_seconds_count', { store: 'postgres' })).toBeGreaterThanOrEqual(5); // product, stock, customer, order, reservation, …
    expect(valueOf(samples, 'commerce_process_manager_steps_total', { step: 'reserve-stock', outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'commerce_process_manager_steps_total', { step: 'confirm-order', outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'commerce_lease_held', { lease: 'order-fulfilment' })).toBe(1);
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('shows a projection that has fallen behind in events and seconds', async () => {
    await projector!.close();
    projector = undefined;
    const unexport = exportProjectionMetrics({ registry: readSide.registry, deadLetters: readSide.deadLetters, eventStore: api.runtime.eventStore, projections: ['order_summary'] });
    try {
      await shop.product({ stock: 1 });
      await new Promise((r) => setTimeout(r, 1100)); // the oldest unapplied event is now at least a second old
      const samples = await scrape();
      expect(valueOf(samples, 'commerce_projection_lag_events', { projection: 'order_summary' })).toBe(2); // ProductDefined, StockReceived
      expect(valueOf(samples, 'commerce_projection_lag_seconds', { projection: 'order_summary' })).toBeGreaterThanOrEqual(1);
    } finally {
      unexport();
    }
    expect(samplesOf(await scrape(), 'commerce_projection_lag_events')).toEqual([]);
  });

  it('answers /health/live on the same port, and nothing else', async () => {
    expect(await request(`http://127.0.0.1:${metrics.port}/health/live`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect((await request(`http://127.0.0.1:${metrics.port}/orders`)).status).toBe(404);
    expect((await request(`http://127.0.0.1:${metrics.port}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
