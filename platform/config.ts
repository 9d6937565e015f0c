import path from 'node:path';

/**
 * Every setting the platform reads from the environment, with its default. The README's
 * configuration table is generated from CONFIG_DOCS, so the two never disagree.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  eventStore: 'postgres' | 'kurrentdb';
  kurrentdbUrl: string | undefined;
  embeddedPgPort: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  pollIntervalMs: number;
  jwtSecret: string | undefined;
  jwtJwksUrl: string | undefined;
  jwtIssuer: string | undefined;
  jwtAudience: string | undefined;
  paymentGatewayUrl: string | undefined;
  paymentGatewayTimeoutMs: number;
  reservationTtlSeconds: number;
  paymentDeadlineSeconds: number;
  readApiPort: number;
  mongoUrl: string | undefined;
  mongoDatabase: string;
  elasticsearchUrl: string | undefined;
  projectionOnError: 'stop' | 'skip';
  projectionBatchSize: number;
  /** Per read model, ms a live batch waits for more events (overrides the projection's declared lingerMs). */
  projectionLingerMs: Record<string, number>;
  projectionDropGraceSeconds: number;
  readWaitTimeoutMs: number;
  /** Unset: integration events are delivered in-process (the embedded default). */
  kafkaBrokers: string[] | undefined;
  kafkaClientId: string;
  kafkaTopicPrefix: string;
  /** Unset: the notifier writes .eml files under the data directory instead of sending. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** GET /metrics and /health/live of every role; 0 picks a free port. */
  metricsPort: number;
  /** Unset: tracing is off. */
  otelEndpoint: string | undefined;
  /** Unset: commerce-<role>. */
  otelServiceName: string | undefined;
  /** Unset: json unless stderr is a terminal. */
  logFormat: 'json' | 'text' | undefined;
}

export const CONFIG_DOCS: { name: string; default: string; meaning: string }[] = [
  { name: 'PORT', default: '3000', meaning: 'HTTP port of the service the role runs' },
  { name: 'HOST', default: '0.0.0.0', meaning: 'interface the HTTP server binds to' },
  { name: 'COMMERCE_DATA_DIR', default: '.data', meaning: 'where the embedded Postgres, secrets and local state live' },
  { name: 'DATABASE_URL', default: '(unset: embedded Postgres)', meaning: 'PostgreSQL connection string for the event store and read models' },
  { name: 'EVENT_STORE', default: 'postgres', meaning: '`postgres` or `kurrentdb`' },
  { name: 'KURRENTDB_URL', default: '(unset)', meaning: 'KurrentDB connection string, e.g. `kurrentdb://localhost:2113?tls=false`; required when EVENT_STORE=kurrentdb' },
  { name: 'COMMERCE_PG_PORT', default: '54329', meaning: 'port of the embedded Postgres (loopback only)' },
  { name: 'LOG_LEVEL', default: 'info', meaning: '`debug`, `info`, `warn` or `error`' },
  { name: 'LOG_FORMAT', default: '`json` unless stderr is a terminal', meaning: '`json` (one object per line, pino) or `text`' },
  { name: 'METRICS_PORT', default: '9464', meaning: 'port on which every role serves `GET /metrics` (Prometheus) and `GET /health/live`' },
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', default: '(unset: tracing off)', meaning: 'OTLP/HTTP collector base URL, e.g. `http://otel-collector:4318`; spans go to `<url>/v1/traces`' },
  { name: 'OTEL_SERVICE_NAME', default: 'commerce-<role>', meaning: 'service name on the spans this process exports' },
  { name: 'OTEL_RESOURCE_ATTRIBUTES', default: '(unset)', meaning: 'extra resource attributes on every span, e.g. `deployment.environment=prod`' },
  { name: 'EVENT_POLL_INTERVAL_MS', default: '500', meaning: 'subscription polling fallback when no wake-up notification arrives' },
  { name: 'JWT_SECRET', default: '(unset: generated in the data directory)', meaning: 'HS256 secret that signs and verifies bearer tokens' },
  { name: 'JWT_JWKS_URL', default: '(unset)', meaning: 'production: verify tokens against this JWKS (RS256/ES256/EdDSA) instead of a shared secret' },
  { name: 'JWT_ISSUER', default: '(unset)', meaning: 'required `iss` claim, when set' },
  { name: 'JWT_AUDIENCE', default: '(unset)', meaning: 'required `aud` claim, when set' },
  { name: 'PAYMENT_GATEWAY_URL', default: '(unset: in-process simulator)', meaning: '`grpc://host:port` or `grpcs://host:port` of the payment gateway' },
  { name: 'PAYMENT_GATEWAY_TIMEOUT_MS', default: '3000', meaning: 'how long a gateway call waits before the payment is looked up by idempotency key' },
  { name: 'RESERVATION_TTL_SECONDS', default: '900', meaning: 'how long stock stays reserved for an order that is not confirmed' },
  { name: 'PAYMENT_DEADLINE_SECONDS', default: '30', meaning: 'how long the process manager waits for a payment outcome before asking again' },
  { name: 'READ_API_PORT', default: '3001', meaning: 'HTTP port of the read API (queries, read-your-writes waits, the console)' },
  { name: 'MONGO_URL', default: '(unset: jsonb tables in Postgres)', meaning: 'MongoDB connection string for the document read models (order_timeline, customer_orders)' },
  { name: 'MONGO_DATABASE', default: 'commerce', meaning: 'MongoDB database holding the document read models' },
  { name: 'ELASTICSEARCH_URL', default: '(unset: Postgres full-text search)', meaning: 'Elasticsearch URL for the search read model (product_search)' },
  { name: 'PROJECTION_ON_ERROR', default: 'stop', meaning: 'what a projection does with an event its handler keeps failing on, after recording a dead letter: `stop` or `skip`' },
  { name: 'PROJECTION_BATCH_SIZE', default: '2000', meaning: 'events a projector applies per batch (and per transaction on Postgres); also its page size while catching up' },
  { name: 'PROJECTION_LINGER_MS', default: '(each read model\'s own: order_timeline 250, customer_orders 100, others 0)', meaning: 'comma-separated `name=ms`: once live, how long a batch of that read model waits for more events after its first, so a document several events touch at once is written once (its readers wait up to that much longer), e.g. order_timeline=250,customer_orders=50' },
  { name: 'PROJECTION_DROP_GRACE_SECONDS', default: '600', meaning: 'how long a replaced generation of a read model is kept after readers switched away from it' },
  { name: 'READ_WAIT_TIMEOUT_MS', default: '5000', meaning: 'longest wait of a query carrying X-Min-Position before it answers 503' },
  { name: 'KAFKA_BROKERS', default: '(unset: integration events delivered in-process)', meaning: 'comma-separated `host:port` list; the relay publishes integration events there and the notifier consumes them' },
  { name: 'KAFKA_CLIENT_ID', default: 'commerce', meaning: 'Kafka client id of the relay and the notifier' },
  { name: 'KAFKA_TOPIC_PREFIX', default: 'commerce.', meaning: 'prefix of the integration topics (`<prefix>ordering`, `<prefix>customers`, `<prefix>inventory`) and of the consumer group ids' },
  { name: 'SMTP_URL', default: '(unset: .eml files in <data dir>/outbox)', meaning: 'where the notifier sends customer emails, e.g. `smtp://user:pass@mail.example.com:587` or `smtps://…`' },
  { name: 'MAIL_FROM', default: 'Commerce <orders@commerce.localhost>', meaning: 'sender of customer emails' },
  { name: 'AUDIT_SIGNING_KEY', default: '(unset)', meaning: 'file of the Ed25519 key `commerce audit anchor` signs with, when `--key` is not given' },
  { name: 'AUDIT_PUBLIC_KEY', default: '(unset)', meaning: 'file of the public key `commerce audit verify --anchor` checks signatures with, when `--public-key` is not given' },
];

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function kafkaBrokers(env: NodeJS.ProcessEnv): string[] | undefined {
  const raw = env.KAFKA_BROKERS;
  if (raw === undefined || raw.trim() === '') return undefined;
  const brokers = raw.split(',').map((broker) => broker.trim());
  if (!brokers.every((broker) => /^[^\s:/,]+:\d{1,5}$/.test(broker))) {
    throw new ConfigError('KAFKA_BROKERS', `must be a comma-separated list of host:port, e.g. localhost:9092,kafka-2:9092, got ${JSON.stringify(raw)}`);
  }
  return brokers;
}

function lingers(env: NodeJS.ProcessEnv): Record<string, number> {
  const raw = env.PROJECTION_LINGER_MS;
  const found: Record<string, number> = {};
  if (raw === undefined || raw.trim() === '') return found;
  for (const entry of raw.split(',').map((e) => e.trim())) {
    const match = /^([a-z][a-z0-9_]*)=(\d{1,5})$/.exec(entry);
    if (!match || Number(match[2]) > 10_000) {
      throw new ConfigError('PROJECTION_LINGER_MS', `must be a comma-separated list of read_model=ms with ms from 0 to 10000, e.g. order_timeline=250,customer_orders=50; ${JSON.stringify(entry)} is not`);
    }
    found[match[1]!] = Number(match[2]);
  }
  return found;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'kurrentdb'] as const, 'postgres');
  const kurrentdbUrl = env.KURRENTDB_URL || undefined;
  if (eventStore === 'kurrentdb' && !kurrentdbUrl) {
    throw new ConfigError('KURRENTDB_URL', 'is required when EVENT_STORE=kurrentdb (e.g. kurrentdb://localhost:2113?tls=false)');
  }
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^/]/.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://, e.g. smtp://localhost:1025');
  const mailFrom = env.MAIL_FROM || 'Commerce <orders@commerce.localhost>';
  if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(mailFrom.trim())) {
    throw new ConfigError('MAIL_FROM', `must be an address, e.g. orders@shop.example or "Shop <orders@shop.example>", got ${JSON.stringify(mailFrom)}`);
  }
  const kafkaTopicPrefix = env.KAFKA_TOPIC_PREFIX ?? 'commerce.';
  if (!/^[A-Za-z0-9._-]{0,100}$/.test(kafkaTopicPrefix)) {
    throw new ConfigError('KAFKA_TOPIC_PREFIX', `may only hold letters, digits, ".", "_" and "-" (at most 100), got ${JSON.stringify(kafkaTopicPrefix)}`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  const otelEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (otelEndpoint && !/^https?:\/\/[^/]/.test(otelEndpoint)) {
    throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', `must be an http:// or https:// URL, e.g. http://otel-collector:4318, got ${JSON.stringify(otelEndpoint)}`);
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.COMMERCE_DATA_DIR || '.data'),
    databaseUrl,
    eventStore,
    kurrentdbUrl,
    embeddedPgPort: integer(env, 'COMMERCE_PG_PORT', 54329, 1024, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    pollIntervalMs: integer(env, 'EVENT_POLL_INTERVAL_MS', 500, 10, 60_000),
    jwtSecret: env.JWT_SECRET || undefined,
    jwtJwksUrl: env.JWT_JWKS_URL || undefined,
    jwtIssuer: env.JWT_ISSUER || undefined,
    jwtAudience: env.JWT_AUDIENCE || undefined,
    paymentGatewayUrl: env.PAYMENT_GATEWAY_URL || undefined,
    paymentGatewayTimeoutMs: integer(env, 'PAYMENT_GATEWAY_TIMEOUT_MS', 3000, 1, 600_000),
    reservationTtlSeconds: integer(env, 'RESERVATION_TTL_SECONDS', 900, 1, 7 * 24 * 3600),
    paymentDeadlineSeconds: integer(env, 'PAYMENT_DEADLINE_SECONDS', 30, 1, 24 * 3600),
    readApiPort: integer(env, 'READ_API_PORT', 3001, 0, 65535),
    mongoUrl: env.MONGO_URL || undefined,
    mongoDatabase: env.MONGO_DATABASE || 'commerce',
    elasticsearchUrl: env.ELASTICSEARCH_URL || undefined,
    projectionOnError: oneOf(env, 'PROJECTION_ON_ERROR', ['stop', 'skip'] as const, 'stop'),
    projectionBatchSize: integer(env, 'PROJECTION_BATCH_SIZE', 2000, 1, 10_000),
    projectionLingerMs: lingers(env),
    projectionDropGraceSeconds: integer(env, 'PROJECTION_DROP_GRACE_SECONDS', 600, 0, 30 * 24 * 3600),
    readWaitTimeoutMs: integer(env, 'READ_WAIT_TIMEOUT_MS', 5000, 0, 120_000),
    kafkaBrokers: kafkaBrokers(env),
    kafkaClientId: env.KAFKA_CLIENT_ID || 'commerce',
    kafkaTopicPrefix,
    smtpUrl,
    mailFrom: mailFrom.trim(),
    metricsPort: integer(env, 'METRICS_PORT', 9464, 0, 65535),
    otelEndpoint,
    otelServiceName: env.OTEL_SERVICE_NAME || undefined,
    logFormat: env.LOG_FORMAT ? oneOf(env, 'LOG_FORMAT', ['json', 'text'] as const, 'json') : undefined,
  };
}
