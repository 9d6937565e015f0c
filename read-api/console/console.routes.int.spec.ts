import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '../../platform/http/create-http-app';
import { createLogger } from '../../platform/logger';
import { request } from '../../test/http';
import { consoleBuildDir, serveConsole } from './console.routes';

/** The console's static routes over real HTTP, on a build directory this test writes. */
describe('console routes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'console-'));
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    app = await createHttpApp({}, { host: '127.0.0.1', port: 0, log: createLogger('test', 'error'), configure: (a) => serveConsole(a, dir) });
    const address = app.getHttpServer().address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with what to run while the console is not built, then serves the build once it exists', async () => {
    const before = await request(`${base}/console`);
    expect(before.status).toBe(503);
    expect(String(before.body)).toMatch(/npm run build/);

    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script src="/console/assets/console-ABC123.js"></script>');
    writeFileSync(path.join(dir, 'assets', 'console-ABC123.js'), 'console.log("hi")');
    for (const route of ['/console', '/console/']) {
      const page = await request(`${base}${route}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'.*connect-src 'self'.*frame-ancestors 'none'/);
      expect(String(page.body)).toContain('console-ABC123.js');
    }
  });

  it('serves hashed assets as immutable, with their content type', async () => {
    const asset = await request(`${base}/console/assets/console-ABC123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    expect(String(asset.body)).toBe('console.log("hi")');
  });

  it.each([
    ['an asset that does not exist', '/console/assets/console-OLD.js'],
    ['a file type it does not serve', '/console/assets/secret.env'],
    ['a path that climbs out of the build', '/console/assets/..%2F..%2Fpackage.json'],
  ])('answers 404 CONSOLE_ASSET_NOT_FOUND for %s', async (_what, route) => {
    const res = await request(`${base}${route}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, code: 'CONSOLE_ASSET_NOT_FOUND' });
  });

  it('finds the build directory from the package root, in the source tree and in dist', () => {
    const root = path.resolve(__dirname, '../..');
    expect(consoleBuildDir(__dirname)).toBe(path.join(root, 'dist', 'console'));
    expect(consoleBuildDir(path.join(root, 'dist', 'read-api', 'console'))).toBe(path.join(root, 'dist', 'console'));
  });
});
