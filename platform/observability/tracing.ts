import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import type { NodeSDK, tracing } from '@opentelemetry/sdk-node';

export { SpanKind };

/**
 * OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test passes its own
 * span processors). Off, every helper here calls straight through: no context switches, no spans.
 * Spans are made by hand at the few places that matter (HTTP request, command, append, projection
 * batch, process-manager step), so no auto-instrumentation is loaded.
 */
let sdk: NodeSDK | undefined;

export function tracingEnabled(): boolean {
  return sdk !== undefined;
}

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP base URL, e.g. http://otel-collector:4318; spans go to <endpoint>/v1/traces. */
  endpoint?: string;
  /** Replaces the OTLP exporter (tests use an in-memory exporter). */
  spanProcessors?: tracing.SpanProcessor[];
}

/** Starts tracing for this process; returns false (and does nothing) when there is nowhere to send spans. */
export function startTracing(options: TracingOptions): boolean {
  if (sdk) return true;
  const spanProcessors = options.spanProcessors;
  if (!spanProcessors && !options.endpoint) return false;
  // Loaded only when tracing is on: the SDK is large, and every CLI tool would otherwise pay for it in memory.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK: Sdk } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new Sdk({
    serviceName: options.serviceName,
    ...(spanProcessors ? { spanProcessors } : { traceExporter: new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/+$/, '')}/v1/traces` }) }),
    // Metrics go through prom-client and logs through pino; without these the SDK would start OTLP exporters for both.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return true;
}

/** Flushes the spans still buffered and turns tracing off again. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  if (!running) return;
  sdk = undefined;
  await running.shutdown().catch(() => undefined);
  trace.disable();
  propagation.disable();
  context.disable();
}

const tracer = () => trace.getTracer('commerce');

/**
 * Runs `work` in a new active span (child of the active one unless `parent` is given), recording
 * an exception and an error status when it throws. With tracing off it only runs `work`.
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; links?: Link[]; parent?: Context },
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!sdk) return work(undefined);
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Starts a span that the caller ends (an HTTP request spans several hooks); undefined with tracing off. */
export function startSpan(name: string, options: { kind?: SpanKind; attributes?: Attributes; parent?: Context }): Span | undefined {
  if (!sdk) return undefined;
  return tracer().startSpan(name, { kind: options.kind, attributes: options.attributes }, options.parent ?? context.active());
}

/** Runs `work` with `span` as the active span (for code that is called back, such as Fastify's `done`). */
export function withActiveSpan<T>(span: Span | undefined, work: () => T): T {
  return span ? context.with(trace.setSpan(context.active(), span), work) : work();
}

/** The W3C traceparent of the active span, to carry across the event store; undefined when nothing is traced. */
export function activeTraceparent(): string | undefined {
  if (!sdk) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The trace context a traceparent header or event metadata field carries (the root context if it is absent or malformed). */
export function contextFromTraceparent(traceparent: string | undefined, tracestate?: string): Context {
  if (!sdk || !traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, tracestate ? { traceparent, tracestate } : { traceparent });
}

/** Span links to the traces of the given traceparents (distinct, at most `max`), for work done on behalf of many events at once. */
export function linksTo(traceparents: Iterable<string | undefined>, max = 32): Link[] {
  if (!sdk) return [];
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const traceparent of traceparents) {
    if (!traceparent || seen.has(traceparent)) continue;
    seen.add(traceparent);
    const spanContext = trace.getSpanContext(contextFromTraceparent(traceparent));
    if (spanContext) links.push({ context: spanContext });
    if (links.length >= max) break;
  }
  return links;
}
