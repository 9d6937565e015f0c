import path from 'node:path';
import { readFileSync } from 'node:fs';
import { CONFIG_DOCS, ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('.data'),
      databaseUrl: undefined,
      eventStore: 'postgres',
      kurrentdbUrl: undefined,
      embeddedPgPort: 54329,
      logLevel: 'info',
      pollIntervalMs: 500,
      jwtSecret: undefined,
      jwtJwksUrl: undefined,
      jwtIssuer: undefined,
      jwtAudience: undefined,
      paymentGatewayUrl: undefined,
      paymentGatewayTimeoutMs: 3000,
      reservationTtlSeconds: 900,
      paymentDeadlineSeconds: 30,
      readApiPort: 3001,
      mongoUrl: undefined,
      mongoDatabase: 'commerce',
      elasticsearchUrl: undefined,
      projectionOnError: 'stop',
      projectionBatchSize: 2000,
      projectionDropGraceSeconds: 600,
      projectionLingerMs: {},
      readWaitTimeoutMs: 5000,
      kafkaBrokers: undefined,
      kafkaClientId: 'commerce',
      kafkaTopicPrefix: 'commerce.',
      smtpUrl: undefined,
      mailFrom: 'Commerce <orders@commerce.localhost>',
      metricsPort: 9464,
      otelEndpoint: undefined,
      otelServiceName: undefined,
      logFormat: undefined,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({ PORT: '8080', COMMERCE_DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://u:p@h/db', EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://k:2113?tls=false', LOG_LEVEL: 'debug' });
    expect(c).toMatchObject({ port: 8080, dataDir: '/tmp/x', databaseUrl: 'postgres://u:p@h/db', eventStore: 'kurrentdb', kurrentdbUrl: 'kurrentdb://k:2113?tls=false', logLevel: 'debug' });
  });

  it('reads the integration settings', () => {
    const c = loadConfig({ KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9093 ', KAFKA_TOPIC_PREFIX: '', SMTP_URL: 'smtps://u:p@mail.example.com:465', MAIL_FROM: 'Shop <orders@shop.example>' });
    expect(c).toMatchObject({ kafkaBrokers: ['kafka-1:9092', 'kafka-2:9093'], kafkaTopicPrefix: '', smtpUrl: 'smtps://u:p@mail.example.com:465', mailFrom: 'Shop <orders@shop.example>' });
  });

  it('reads per-read-model lingers', () => {
    expect(loadConfig({}).projectionLingerMs).toEqual({});
    expect(loadConfig({ PROJECTION_LINGER_MS: 'order_timeline=250, customer_orders=0' }).projectionLingerMs).toEqual({ order_timeline: 250, customer_orders: 0 });
  });

  it('reads the observability settings', () => {
    const c = loadConfig({ METRICS_PORT: '9100', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_SERVICE_NAME: 'shop-api', LOG_FORMAT: 'text' });
    expect(c).toMatchObject({ metricsPort: 9100, otelEndpoint: 'http://otel-collector:4318', otelServiceName: 'shop-api', logFormat: 'text' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be an integer from 0 to 65535, got "eighty"'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535'],
    [{ EVENT_STORE: 'mysql' }, 'EVENT_STORE must be one of postgres, kurrentdb, got "mysql"'],
    [{ EVENT_STORE: 'kurrentdb' }, 'KURRENTDB_URL is required when EVENT_STORE=kurrentdb'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with postgres:// or postgresql://'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error'],
    [{ KAFKA_BROKERS: 'kafka://localhost:9092' }, 'KAFKA_BROKERS must be a comma-separated list of host:port'],
    [{ KAFKA_BROKERS: 'localhost:9092,' }, 'KAFKA_BROKERS must be a comma-separated list of host:port'],
    [{ KAFKA_TOPIC_PREFIX: 'my topics/' }, 'KAFKA_TOPIC_PREFIX may only hold letters, digits'],
    [{ SMTP_URL: 'mail.example.com:25' }, 'SMTP_URL must start with smtp:// or smtps://'],
    [{ MAIL_FROM: 'orders' }, 'MAIL_FROM must be an address'],
    [{ METRICS_PORT: '-1' }, 'METRICS_PORT must be an integer from 0 to 65535, got "-1"'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL'],
    [{ LOG_FORMAT: 'pretty' }, 'LOG_FORMAT must be one of json, text, got "pretty"'],
    [{ PROJECTION_LINGER_MS: '250' }, 'PROJECTION_LINGER_MS must be a comma-separated list of read_model=ms with ms from 0 to 10000, e.g. order_timeline=250,customer_orders=50; "250" is not'],
    [{ PROJECTION_LINGER_MS: 'order_timeline=20000' }, '"order_timeline=20000" is not'],
    [{ PROJECTION_LINGER_MS: 'order_timeline=-5' }, '"order_timeline=-5" is not'],
  ])('rejects %p naming the variable and what is allowed', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the README configuration table', () => {
  it('documents every setting the platform reads', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const missing = CONFIG_DOCS.filter((c) => !readme.includes(`| \`${c.name}\` |`)).map((c) => c.name);
    expect(missing).toEqual([]);
  });
});
