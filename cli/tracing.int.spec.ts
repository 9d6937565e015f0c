import { tracing } from '@opentelemetry/sdk-node';
import { SpanKind } from '@opentelemetry/api';
import { openReadSide, type ReadSide } from '../projections/read-side';
import { startTracing, stopTracing } from '../platform/observability/tracing';
import { Shop } from '../test/shop';
import { startTestWriteApi, type TestWriteApi } from '../test/write-api-harness';
import { startProjector } from './commands/projections.command';

jest.setTimeout(90_000);

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('one trace from the HTTP request through the command and the append to the process manager and the projector', () => {
  const exporter = new tracing.InMemorySpanExporter();
  let api: TestWriteApi;
  let readSide: ReadSide;
  let projector: { close(): Promise<void> };
  let shop: Shop;

  const spans = () => exporter.getFinishedSpans();
  const waitForSpan = async (match: (span: tracing.ReadableSpan) => boolean, what: string) => {
    const end = Date.now() + 20_000;
    for (;;) {
      const found = spans().find(match);
      if (found) return found;
      if (Date.now() > end) throw new Error(`no span ${what} among ${spans().map((s) => s.name).join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    expect(startTracing({ serviceName: 'commerce-test', spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] })).toBe(true);
    api = await startTestWriteApi({}, { processManager: true });
    shop = new Shop(api);
    readSide = await openReadSide(api.runtime);
    projector = await startProjector(readSide, ['order_summary']);
  });
  afterAll(async () => {
    await projector?.close();
    await readSide?.close();
    await api?.close();
    await stopTracing();
  });

  it('stores the request trace on the events it appends, and the process manager and projector continue it', async () => {
    const sku = await shop.product({ stock: 5 });
    const customerId = await shop.customer();
    exporter.reset();
    const res = await api.call('POST', '/orders', { role: 'customer', subject: customerId, body: { customerId, lines: [{ sku, quantity: 1 }], payment: { token: 'tok_visa' } } });
    expect(res.status).toBe(202);
    const orderId = res.body.id as string;

    const server = await waitForSpan((s) => s.name === 'POST /orders', 'for the request');
    const traceId = server.spanContext().traceId;
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes).toMatchObject({ 'http.route': '/orders', 'http.response.status_code': 202 });
    const command = spans().find((s) => s.name === 'command PlaceOrder')!;
    expect(command.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    const append = spans().find((s) => s.name === 'event-store append' && s.attributes['commerce.stream_id'] === `order-${orderId}`)!;
    expect(append.spanContext().traceId).toBe(traceId);

    // The event carries the trace context of the span that appended it.
    const [placed] = await api.runtime.eventStore.readStream(`order-${orderId}`, { maxCount: 1 });
    expect(placed!.metadata.traceparent).toBe(`00-${traceId}-${append.spanContext().spanId}-01`);

    // The process manager handles the event as a child of that span, and its commands stay in the trace.
    const handled = await waitForSpan((s) => s.name === 'order-fulfilment OrderPlaced' && s.spanContext().traceId === traceId, 'of the process manager');
    expect(handled.kind).toBe(SpanKind.CONSUMER);
    expect(handled.parentSpanContext?.spanId).toBe(append.spanContext().spanId);
    const reserve = await waitForSpan((s) => s.name === 'command ReserveStock', 'for the reservation');
    expect(reserve.spanContext().traceId).toBe(traceId);

    // A projection batch mixes requests, so it links to their traces instead of joining one.
    const batch = await waitForSpan((s) => s.name === 'projection order_summary' && s.links.some((l) => l.context.traceId === traceId), 'of order_summary linked to the request');
    expect(batch.spanContext().traceId).not.toBe(traceId);
    expect(batch.attributes['commerce.events']).toBeGreaterThanOrEqual(1);
  });

  it("continues the caller's trace when the request carries a traceparent", async () => {
    exporter.reset();
    const res = await api.call('POST', '/products', {
      headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
      body: { sku: `TRACED-${Date.now()}`, name: 'Traced', description: 'x', category: 'test', price: { amountMinor: 100, currency: 'EUR' } },
    });
    expect(res.status).toBe(201);
    const server = await waitForSpan((s) => s.name === 'POST /products', 'for the request');
    expect(server.spanContext().traceId).toBe(CALLER_TRACE);
    expect(server.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    const [defined] = await api.runtime.eventStore.readStream(`product-${res.body.id}`, { maxCount: 1 });
    expect(defined!.metadata.traceparent).toMatch(new RegExp(`^00-${CALLER_TRACE}-`));
  });
});
