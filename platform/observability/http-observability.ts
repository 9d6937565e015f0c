import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { httpRequestDuration, httpRequests } from './metrics';
import { contextFromTraceparent, SpanKind, startSpan, withActiveSpan } from './tracing';

interface Observed {
  started: bigint;
  span: Span | undefined;
}

const observed = new WeakMap<FastifyRequest, Observed>();

/** The route template (/orders/:id), never the raw path, so one label value per route; unmatched paths share one. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? 'unmatched';
}

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * HTTP metrics and the server span of each request, as Fastify hooks. The span starts at arrival,
 * as a child of the caller's W3C traceparent, and becomes the active context in preHandler (after
 * the body is parsed, whose stream callbacks would lose it), so the command, its append and the
 * traceparent stored on its events all belong to the request's trace.
 */
export function observeHttp(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const span = startSpan(`${request.method} ${routeOf(request)}`, {
      kind: SpanKind.SERVER,
      parent: contextFromTraceparent(header(request, 'traceparent'), header(request, 'tracestate')),
      attributes: { 'http.request.method': request.method, 'http.route': routeOf(request), 'url.path': request.url.split('?')[0] },
    });
    observed.set(request, { started: process.hrtime.bigint(), span });
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => withActiveSpan(observed.get(request)?.span, done));
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const route = routeOf(request);
    const seen = observed.get(request);
    httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    if (seen) {
      httpRequestDuration.observe({ method: request.method, route }, Number(process.hrtime.bigint() - seen.started) / 1e9);
      seen.span?.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) seen.span?.setStatus({ code: SpanStatusCode.ERROR });
      seen.span?.end();
    }
    done();
  });
}
