import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RawAnswer {
  /** 0 when the connection failed or closed before the whole answer arrived. */
  status: number;
  /** performance.now() when the whole answer had arrived. */
  at: number;
  /** The body as text, when the request asked for it (`keepBody`). */
  body?: string;
}

export interface RawRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Overrides the client's authorization for this request. */
  authorization?: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  body?: string;
  /** Decode and return the body (otherwise only its end is found). */
  keepBody?: boolean;
}

interface Pending {
  request: RawRequest;
  resolve: (answer: RawAnswer) => void;
}

interface Connection {
  socket: net.Socket;
  buffer: Buffer;
  pending?: Pending;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n');

/** The payload of a complete chunked body (`raw` starts at the first chunk's size line). */
export function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    const size = parseInt(raw.toString('latin1', at, lineEnd), 16);
    if (!(size > 0)) return Buffer.concat(parts);
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/**
 * HTTP/1.1 requests over keep-alive sockets, one at a time per socket, for the benchmarks' load
 * generators. node:http's client costs about as much CPU per request as the server answering it;
 * on a 2-core machine that is CPU taken from the system under test, and it delays the generator's
 * own sends and timestamps. This client writes each request in one piece and reads only the
 * status code and where the body ends (Content-Length, or the last chunk of a chunked body),
 * decoding the body only when asked. Requests beyond `maxSockets` at once wait for a free socket,
 * as they would with an agent.
 */
export class RawHttpClient {
  private readonly idle: Connection[] = [];
  private readonly queued: Pending[] = [];
  private opened = 0;

  constructor(
    private readonly url: URL,
    private readonly authorization?: string,
    private readonly maxSockets = 128,
  ) {}

  /** GET with the client's authorization; the status and when the answer was complete. */
  get(path: string): Promise<RawAnswer> {
    return this.send({ method: 'GET', path });
  }

  send(request: RawRequest): Promise<RawAnswer> {
    return new Promise((resolve) => {
      const connection = this.idle.pop() ?? (this.opened < this.maxSockets ? this.connect() : undefined);
      if (connection) this.write(connection, { request, resolve });
      else this.queued.push({ request, resolve });
    });
  }

  close(): void {
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }

  private connect(): Connection {
    this.opened++;
    const socket = net.connect({ host: this.url.hostname, port: Number(this.url.port), noDelay: true });
    const connection: Connection = { socket, buffer: Buffer.alloc(0) };
    socket.on('data', (chunk: Buffer) => this.received(connection, chunk));
    const gone = () => {
      this.opened--;
      const i = this.idle.indexOf(connection);
      if (i >= 0) this.idle.splice(i, 1);
      const pending = connection.pending;
      connection.pending = undefined;
      pending?.resolve({ status: 0, at: performance.now() });
    };
    socket.on('error', () => socket.destroy());
    socket.on('close', gone);
    return connection;
  }

  private write(connection: Connection, pending: Pending): void {
    const { method, path, body, headers } = pending.request;
    const authorization = pending.request.authorization ?? this.authorization;
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.url.host}\r\nConnection: keep-alive\r\n`;
    if (authorization) head += `Authorization: ${authorization}\r\n`;
    for (const [name, value] of Object.entries(headers ?? {})) head += `${name}: ${value}\r\n`;
    if (body !== undefined) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    connection.pending = pending;
    connection.buffer = Buffer.alloc(0);
    connection.socket.write(`${head}\r\n${body ?? ''}`);
  }

  private received(connection: Connection, chunk: Buffer): void {
    const buffer = (connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, chunk]) : chunk);
    const headEnd = buffer.indexOf(HEAD_END);
    if (headEnd < 0 || !connection.pending) return;
    const head = buffer.toString('latin1', 0, headEnd).toLowerCase();
    const start = headEnd + 4;
    const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
    const chunked = !length && /\r\ntransfer-encoding:\s*chunked/.test(head);
    const complete = length ? buffer.length >= start + Number(length[1]) : chunked ? buffer.subarray(headEnd).indexOf(LAST_CHUNK) >= 0 : true;
    if (!complete) return;
    const pending = connection.pending;
    connection.pending = undefined;
    const answer: RawAnswer = { status: Number(head.slice(9, 12)), at: performance.now() };
    if (pending.request.keepBody) {
      const raw = buffer.subarray(start, length ? start + Number(length[1]) : undefined);
      answer.body = (chunked ? dechunk(raw) : raw).toString('utf8');
    }
    pending.resolve(answer);
    const next = this.queued.shift();
    if (next) this.write(connection, next);
    else this.idle.push(connection);
  }
}
