import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dechunk, RawHttpClient } from './raw-http-client';

/** The open-loop generator's client against a real HTTP server on loopback. */
describe('RawHttpClient', () => {
  let server: http.Server;
  let url: URL;
  const seen: { method: string; path: string; authorization?: string; minPosition?: string; body: string }[] = [];
  let holdUntil: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization, minPosition: req.headers['x-min-position'] as string | undefined, body });
      if (req.method === 'POST') {
        const answer = JSON.stringify({ id: 'ö-1', echo: JSON.parse(body) as unknown, type: req.headers['content-type'] });
        res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer);
        return;
      }
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
    const client = new RawHttpClient(url, 'Bearer abc', 2);
    const before = performance.now();
    const answers = await Promise.all(['/a', '/chunked', '/missing', '/b', '/c'].map((p) => client.get(p)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 200, 200]);
    // The chunked answer ends 20 ms after it starts: its time is that of its last chunk.
    expect(answers[1]!.at - before).toBeGreaterThanOrEqual(19);
    expect(seen.slice(-5).every((s) => s.authorization === 'Bearer abc')).toBe(true);
    client.close();
  });

  it('holds requests beyond its sockets until one is free, and reports a dropped connection as status 0', async () => {
    const client = new RawHttpClient(url, 'Bearer abc', 1);
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

  it('sends a JSON body and its own headers, and returns the body when asked, whether sized or chunked', async () => {
    const client = new RawHttpClient(url, 'Bearer abc', 2);
    const posted = await client.send({ method: 'POST', path: '/orders', authorization: 'Bearer other', body: JSON.stringify({ n: 'é' }), keepBody: true });
    expect(posted.status).toBe(202);
    expect(JSON.parse(posted.body!)).toEqual({ id: 'ö-1', echo: { n: 'é' }, type: 'application/json' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', path: '/orders', authorization: 'Bearer other', body: '{"n":"é"}' });

    const got = await client.send({ method: 'GET', path: '/orders/1', headers: { 'X-Min-Position': '0000000000000001' } });
    expect(got.status).toBe(200);
    expect(got.body).toBeUndefined();
    expect(seen.at(-1)).toMatchObject({ method: 'GET', authorization: 'Bearer abc', minPosition: '0000000000000001' });

    const chunked = await client.send({ method: 'GET', path: '/chunked', keepBody: true });
    expect(chunked.body).toBe('a'.repeat(5000) + 'b'.repeat(5000));
    client.close();
  });

  it('dechunk joins the chunks of a chunked body', () => {
    expect(dechunk(Buffer.from('3\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n')).toString()).toBe('abc0123456789');
    expect(dechunk(Buffer.from('0\r\n\r\n')).toString()).toBe('');
  });
});
