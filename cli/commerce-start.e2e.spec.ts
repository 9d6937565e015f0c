import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { commerce, freePort, tempDataDir } from '../test/cli-process';
import { request } from '../test/http';
import { createTestDatabase } from '../test/postgres';

jest.setTimeout(120_000);

describe('commerce start on the embedded default', () => {
  const data = tempDataDir('start');
  let env: Record<string, string>;

  beforeAll(async () => {
    env = { COMMERCE_DATA_DIR: data.dir, PORT: String(await freePort()), COMMERCE_PG_PORT: String(await freePort()) };
  });
  afterAll(() => data.remove());

  it('brings up Postgres and a service answering health checks, serves CLI commands alongside, and stops cleanly on Ctrl-C', async () => {
    const server = commerce(['start'], env);
    try {
      await server.waitFor(/(write|read) API listening/, 60_000);
      expect(server.output()).toMatch(/initialising the embedded Postgres cluster/);

      const live = await request(`http://127.0.0.1:${env.PORT}/health/live`);
      expect(live.status).toBe(200);
      const ready = await request(`http://127.0.0.1:${env.PORT}/health/ready`);
      expect(ready.status).toBe(200);
      const body = ready.body as { status: string; checks: { name: string; ok: boolean }[] };
      expect(body.status).toBe('ready');
      expect(body.checks.map((c) => [c.name, c.ok])).toEqual([['database', true], ['event-store', true], ['projections', true]]);

      // Commands and queries on one port, with the paths the production ingress presents.
      const openapi = await request(`http://127.0.0.1:${env.PORT}/openapi.json`);
      const paths = (openapi.body as { paths: Record<string, Record<string, unknown>> }).paths;
      expect(Object.keys(paths['/orders'] ?? {}).sort()).toEqual(['get', 'post']);
      expect(paths['/orders/{id}/timeline']?.get).toBeDefined();
      expect((await request(`http://127.0.0.1:${env.PORT}/inventory/low-stock`)).status).toBe(401);

      // A CLI command while the service runs attaches to the same server instead of starting another.
      const url = commerce(['db', 'url'], env);
      expect(await url.exited()).toBe(0);
      // The URL in use: the server's Unix socket in its data directory (libpq and psql read a percent-encoded socket directory as the host).
      const socketDir = encodeURIComponent(path.resolve(env.COMMERCE_DATA_DIR!, 'postgres')).replace(/\./g, '\\.');
      expect(url.output()).toMatch(new RegExp(`postgres://postgres:\\*\\*\\*@${socketDir}:${env.COMMERCE_PG_PORT}/commerce`));
      const verify = commerce(['audit', 'verify'], env);
      expect(await verify.exited()).toBe(0);
      expect(verify.output()).toMatch(/attached to the embedded Postgres already running/);
      expect(verify.output()).toMatch(/every hash chain is intact/);
      expect((await request(`http://127.0.0.1:${env.PORT}/health/ready`)).status).toBe(200);

      // A development token from the CLI is accepted by the running service.
      const token = commerce(['token', '--sub', 'ops-1', '--role', 'operator'], env);
      expect(await token.exited()).toBe(0);
      const jwt = token.output().trim().split('\n').at(-1)!;
      const product = { sku: 'E2E-TEA', name: 'Tea', description: 'Green', category: 'tea', price: { amountMinor: 450, currency: 'EUR' } };
      const created = await request(`http://127.0.0.1:${env.PORT}/products`, { method: 'POST', body: product, headers: { authorization: `Bearer ${jwt}` } });
      expect(created.status).toBe(201);
      const badRole = commerce(['token', '--sub', 'x', '--role', 'superuser'], env);
      expect(await badRole.exited()).toBe(1);
      expect(badRole.output()).toMatch(/--role must be one of customer, operator, analyst, auditor, admin/);
    } finally {
      server.child.kill('SIGINT');
    }
    expect(await server.exited()).toBe(0);
    expect(server.output()).toMatch(/stopped cleanly/);
    expect(existsSync(path.join(data.dir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('reuses the same data directory on the next start', async () => {
    const server = commerce(['start'], env);
    try {
      await server.waitFor(/(write|read) API listening/, 60_000);
      expect(server.output()).not.toMatch(/initialising the embedded Postgres cluster/);
    } finally {
      server.child.kill('SIGTERM');
    }
    const code = await server.exited();
    if (code !== 0) console.log(server.output());
    expect(code).toBe(0);
  });

  it('stops cleanly when told to while it is still starting', async () => {
    const server = commerce(['start'], env);
    await server.waitFor(/embedded Postgres is running/, 60_000);
    server.child.kill('SIGTERM');
    expect(await server.exited()).toBe(0);
    expect(server.output()).toMatch(/stopped cleanly/);
    expect(existsSync(path.join(data.dir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('says which port is taken when the HTTP port is in use, and stops its database', async () => {
    const blocker = net.createServer().listen(Number(env.PORT), '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const server = commerce(['start'], env);
      expect(await server.exited(60_000)).toBe(1);
      expect(server.output()).toContain(`Port ${env.PORT} is already in use by another process; stop it or set PORT to a free port`);
      expect(existsSync(path.join(data.dir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});

describe('commerce start when the embedded Postgres cannot start', () => {
  it('says so when its port is taken by another process', async () => {
    const data = tempDataDir('port-taken');
    const pgPort = await freePort();
    const blocker = net.createServer().listen(pgPort, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const server = commerce(['start'], { COMMERCE_DATA_DIR: data.dir, PORT: String(await freePort()), COMMERCE_PG_PORT: String(pgPort) });
      expect(await server.exited()).toBe(1);
      expect(server.output()).toContain(`Port ${pgPort} on 127.0.0.1 is taken by another process, so the embedded Postgres cannot start`);
      expect(server.output()).toContain('COMMERCE_PG_PORT');
    } finally {
      blocker.close();
      data.remove();
    }
  });

  it('says so when its data directory is held by another process', async () => {
    const data = tempDataDir('dir-taken');
    const pgDir = path.join(data.dir, 'postgres');
    mkdirSync(pgDir, { recursive: true });
    // A live process (this test runner) that is not a Postgres for this directory.
    writeFileSync(path.join(pgDir, 'postmaster.pid'), `${process.pid}\n${pgDir}\n0\n${await freePort()}\n\n127.0.0.1\n`);
    try {
      const server = commerce(['start'], { COMMERCE_DATA_DIR: data.dir, PORT: String(await freePort()), COMMERCE_PG_PORT: String(await freePort()) });
      expect(await server.exited()).toBe(1);
      expect(server.output()).toContain(`The data directory ${pgDir} is in use by process ${process.pid}`);
    } finally {
      data.remove();
    }
  });
});

describe('commerce with DATABASE_URL', () => {
  it('uses that server and never starts an embedded one', async () => {
    const db = await createTestDatabase('cli');
    const data = tempDataDir('external');
    try {
      const env = { COMMERCE_DATA_DIR: data.dir, DATABASE_URL: db.url, PORT: String(await freePort()) };
      const server = commerce(['start'], env);
      try {
        await server.waitFor(/(write|read) API listening/);
        expect((await request(`http://127.0.0.1:${env.PORT}/health/ready`)).status).toBe(200);
        const migrate = commerce(['db', 'migrate'], env);
        expect(await migrate.exited()).toBe(0);
        expect(migrate.output()).toMatch(/schema is up to date/);
      } finally {
        server.child.kill('SIGINT');
      }
      expect(await server.exited()).toBe(0);
      expect(existsSync(path.join(data.dir, 'postgres'))).toBe(false);
      const tables = await db.pool.query(`select count(*)::int as n from information_schema.tables where table_schema = 'eventstore'`);
      expect(tables.rows[0].n).toBe(2);
    } finally {
      data.remove();
      await db.drop();
    }
  });
});
