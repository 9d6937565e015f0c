import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';

/**
 * Serves the web console at /console: the page and its assets as `npm run build` wrote them into
 * dist/console (scripts/build-console.ts). The files carry no data and need no token; every call
 * the page makes goes to the API routes beside it with the token the user signs in with, so the
 * console can do exactly what that token's role may and nothing more.
 *
 * The page is served no-cache with a strict Content-Security-Policy (same-origin scripts, styles
 * and fetches only, no framing); the assets are named by content hash and served immutable.
 */

interface Reply {
  code(status: number): Reply;
  header(name: string, value: string): Reply;
  type(t: string): Reply;
  send(body: unknown): void;
}
interface Fastify {
  get(path: string, handler: (req: { params: Record<string, string> }, reply: Reply) => void): void;
}

const CSP = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"].join('; ');
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8' };
const ASSET = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9]+)+$/;

/** dist/console of this installation: found from the package root, in the source tree or in dist/. */
export function consoleBuildDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from, '../../dist/console');
    dir = parent;
  }
  return path.join(dir, 'dist', 'console');
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body><h1>The console is not built</h1><p>This server has no <code>dist/console</code>. Run <code>npm run build</code> (it builds the console with the rest) and reload.</p></body></html>`;

export function serveConsole(app: INestApplication, dir = consoleBuildDir()): void {
  const fastify = app.getHttpAdapter().getInstance() as Fastify;
  let index: Buffer | undefined;
  const page = (_req: unknown, reply: Reply) => {
    // Read once it exists, so a server started before the first build serves the console after it.
    index ??= existsSync(path.join(dir, 'index.html')) ? readFileSync(path.join(dir, 'index.html')) : undefined;
    reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('cache-control', 'no-cache');
    if (!index) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    reply.type('text/html; charset=utf-8').send(index);
  };
  fastify.get('/console', page);
  fastify.get('/console/', page);
  fastify.get('/console/assets/:file', (req, reply) => {
    const file = req.params.file ?? '';
    const type = TYPES[path.extname(file)];
    const full = path.join(dir, 'assets', file);
    reply.header('x-content-type-options', 'nosniff');
    if (!ASSET.test(file) || !type || !existsSync(full)) {
      return reply
        .code(404)
        .type('application/json')
        .send({ status: 404, code: 'CONSOLE_ASSET_NOT_FOUND', message: `The console has no asset ${JSON.stringify(file)}; reload /console to get the current build's assets` });
    }
    reply.header('cache-control', 'public, max-age=31536000, immutable').type(type).send(readFileSync(full));
  });
}
