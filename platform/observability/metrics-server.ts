import { createServer, type Server } from 'node:http';
import type { Logger } from '../logger';
import { collectProcessMetrics, metricsRegistry } from './metrics';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

export class MetricsPortInUseError extends Error {
  readonly code = 'PORT_IN_USE';
  constructor(port: number) {
    super(`METRICS_PORT ${port} is already in use by another process; stop it or set METRICS_PORT to a free port`);
    this.name = 'MetricsPortInUseError';
  }
}

/** The registry in the Prometheus text format; a failing collector answers 500 rather than a partial page. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/**
 * GET /metrics and GET /health/live on their own port (METRICS_PORT), for every role: the roles
 * without an API have no other HTTP server, and Kubernetes probes them here. A plain node:http
 * server, so it keeps answering while the role's own server is busy or not started yet.
 */
export async function startMetricsServer(options: { host: string; port: number; log: Logger }): Promise<MetricsServer> {
  collectProcessMetrics();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      renderMetrics().then(
        ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
        (error: unknown) => {
          options.log.warn('collecting metrics failed', { error });
          response.writeHead(500, { 'content-type': 'text/plain' }).end(`collecting metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
        },
      );
    } else if (path === '/health/live') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: this port serves /metrics and /health/live\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new MetricsPortInUseError(options.port) : error));
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.log.info(`metrics on http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}/metrics`, { port });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A Prometheus scrape keeps its connection alive; without this close would wait for it to time out.
        server.closeAllConnections();
      }),
  };
}
