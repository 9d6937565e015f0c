import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every series the platform exports (the contract is infra/prometheus/metrics.yml, which the
 * alert rules and the dashboard read). One registry per process: a process running several roles
 * (`commerce start`) exports each series once, and Prometheus adds the role from the scrape target.
 */
export const metricsRegistry = new Registry();

// Commands and requests mostly take milliseconds; the upper buckets catch the slow tail the alerts watch (p99 > 1 s).
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// A projection batch holds up to PROJECTION_BATCH_SIZE events, so it can take far longer than one command.
const BATCH_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const registers = [metricsRegistry];

export const httpRequests = new Counter({
  name: 'commerce_http_requests_total',
  help: 'HTTP requests answered, by route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers,
});

export const httpRequestDuration = new Histogram({
  name: 'commerce_http_request_duration_seconds',
  help: 'HTTP request duration from arrival to the answer',
  labelNames: ['method', 'route'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export type CommandOutcome = 'accepted' | 'rejected' | 'conflict' | 'invalid' | 'error';

export const commands = new Counter({
  name: 'commerce_commands_total',
  help: 'commands handled, by command type and outcome (accepted, rejected, conflict, invalid, error)',
  labelNames: ['type', 'outcome'] as const,
  registers,
});

export const commandDuration = new Histogram({
  name: 'commerce_command_duration_seconds',
  help: 'command handling time, from dispatch through the append',
  labelNames: ['type', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export const appendDuration = new Histogram({
  name: 'commerce_event_store_append_duration_seconds',
  help: 'one append call to the event store',
  labelNames: ['store'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export const eventsAppended = new Counter({
  name: 'commerce_events_appended_total',
  help: 'events appended, by event type (idempotent retries that wrote nothing are not counted)',
  labelNames: ['type'] as const,
  registers,
});

export const projectionHandlerDuration = new Histogram({
  name: 'commerce_projection_handler_duration_seconds',
  help: 'time to apply one batch of events to a read model',
  labelNames: ['projection'] as const,
  buckets: BATCH_BUCKETS,
  registers,
});

export const processManagerSteps = new Counter({
  name: 'commerce_process_manager_steps_total',
  help: 'order process steps taken (reserve-stock, authorize-payment, confirm-order, ...), by outcome: ok, failed',
  labelNames: ['step', 'outcome'] as const,
  registers,
});

export const processManagerTimeouts = new Counter({
  name: 'commerce_process_manager_timeouts_total',
  help: 'deadlines of the order process that fired (payment-deadline, reservation-expiry)',
  labelNames: ['timeout'] as const,
  registers,
});

export const leaseHeld = new Gauge({
  name: 'commerce_lease_held',
  help: '1 while this process holds the named lease, 0 while it waits for it',
  labelNames: ['lease'] as const,
  registers,
});

let defaultsOn = false;

/** prom-client's process and Node.js series (CPU, memory, event loop lag), without a prefix; once per process. */
export function collectProcessMetrics(): void {
  if (defaultsOn) return;
  defaultsOn = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

/** Seconds since `start` (a process.hrtime.bigint() reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
