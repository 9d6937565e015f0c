import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RawGetClient } from './raw-get-client';

/** The open-loop generator's client against a real HTTP server on loopback. */
describe('RawGetClient', () => {
  let server: http.Server;
  let url: URL;
  const seen: { path: string; authorization?: string }[] = [];
  let holdUntil: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      seen.push({ path: req.url!, authorization: req.headers.authorization });
      if (req.url === '/slow') await holdUntil;
      if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('a'.repeat(5000));
        setTimeout(() => res.end('b'.repeat(5000)), 20);
      } else if (req.url === '/drop') {
        req.socket.destroy();
      } else if (req.url === '/missing') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"not_found"}');
      } else {
        const body = JSON.stringify({ path: req.url, pad: 'x'.repeat(20_000) });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers with the status once the whole body has arrived, by length or by its last chunk, and reuses its sockets', async () => {
    const client = new RawGetClient(url, 'Bearer abc', 2);
    const before = performance.now();
    const answers = await Promise.all(['/a', '/chunked', '/missing', '/b', '/c'].map((p) => client.get(p)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 200, 200]);
    // The chunked answer ends 20 ms after it starts: its time is that of its last chunk.
    expect(answers[1]!.at - before).toBeGreaterThanOrEqual(19);
    expect(seen.slice(-5).every((s) => s.authorization === 'Bearer abc')).toBe(true);
    client.close();
  });

  it('holds requests beyond its sockets until one is free, and reports a dropped connection as status 0', async () => {
    const client = new RawGetClient(url, 'Bearer abc', 1);
    let release!: () => void;
    holdUntil = new Promise((resolve) => (release = resolve));
    const slow = client.get('/slow');
    const queued = client.get('/after');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.at(-1)!.path).toBe('/slow'); // the second waits for the only socket
    release();
    expect((await slow).status).toBe(200);
    expect((await queued).status).toBe(200);
    expect((await client.get('/drop')).status).toBe(0);
    expect((await client.get('/again')).status).toBe(200); // a new socket replaces the dropped one
    client.close();
  });
});
