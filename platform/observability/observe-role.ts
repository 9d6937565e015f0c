import type { Config } from '../config';
import type { Logger } from '../logger';
import { MetricsPortInUseError, startMetricsServer, type MetricsServer } from './metrics-server';
import { startTracing, stopTracing } from './tracing';

export interface RoleObservability {
  /** The metrics server's port; undefined when it could not start. */
  metricsPort: number | undefined;
  tracing: boolean;
  close(): Promise<void>;
}

/**
 * What every long-running role turns on at start: /metrics and /health/live on METRICS_PORT, and
 * tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set. A metrics port already taken (a second platform
 * process on one machine) is logged and the role runs on without it; in Kubernetes the liveness
 * probe targets that port, so such a pod would be restarted rather than run unobserved.
 */
export async function observeRole(role: string, config: Config, log: Logger): Promise<RoleObservability> {
  const tracing = startTracing({ serviceName: config.otelServiceName ?? `commerce-${role}`, endpoint: config.otelEndpoint });
  if (tracing) log.info('tracing on: exporting spans over OTLP', { endpoint: config.otelEndpoint });
  let server: MetricsServer | undefined;
  try {
    server = await startMetricsServer({ host: config.host, port: config.metricsPort, log });
  } catch (error) {
    if (!(error instanceof MetricsPortInUseError)) {
      await stopTracing();
      throw error;
    }
    log.warn(`${error.message}; this process serves no /metrics`, { port: config.metricsPort });
  }
  return {
    metricsPort: server?.port,
    tracing,
    close: async () => {
      await server?.close();
      await stopTracing();
    },
  };
}
