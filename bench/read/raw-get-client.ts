import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface GetAnswer {
  /** 0 when the connection failed or closed before the whole answer arrived. */
  status: number;
  /** performance.now() when the whole answer had arrived. */
  at: number;
}

interface Connection {
  socket: net.Socket;
  buffer: Buffer;
  pending?: (answer: GetAnswer) => void;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n');

/**
 * HTTP/1.1 GETs over keep-alive sockets, one request at a time per socket, for the open-loop
 * generator. node:http's client costs about as much CPU per request as the read API answering it;
 * on a 2-core machine that is CPU taken from the server under test. This client writes a
 * prebuilt request and reads only the status code and how long the body is (Content-Length, or
 * the last chunk of a chunked body). Requests beyond `maxSockets` at once wait for a free socket,
 * as they would with an agent.
 */
export class RawGetClient {
  private readonly idle: Connection[] = [];
  private readonly queued: { path: string; resolve: (answer: GetAnswer) => void }[] = [];
  private opened = 0;
  private readonly head: string;

  constructor(
    private readonly url: URL,
    authorization: string,
    private readonly maxSockets = 128,
  ) {
    this.head = `HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${authorization}\r\nConnection: keep-alive\r\n\r\n`;
  }

  get(path: string): Promise<GetAnswer> {
    return new Promise((resolve) => {
      const connection = this.idle.pop() ?? (this.opened < this.maxSockets ? this.connect() : undefined);
      if (connection) this.send(connection, path, resolve);
      else this.queued.push({ path, resolve });
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
      pending?.({ status: 0, at: performance.now() });
    };
    socket.on('error', () => socket.destroy());
    socket.on('close', gone);
    return connection;
  }

  private send(connection: Connection, path: string, resolve: (answer: GetAnswer) => void): void {
    connection.pending = resolve;
    connection.buffer = Buffer.alloc(0);
    connection.socket.write(`GET ${path} ${this.head}`);
  }

  private received(connection: Connection, chunk: Buffer): void {
    const buffer = (connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, chunk]) : chunk);
    const headEnd = buffer.indexOf(HEAD_END);
    if (headEnd < 0 || !connection.pending) return;
    const head = buffer.toString('latin1', 0, headEnd).toLowerCase();
    const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
    const complete = length ? buffer.length >= headEnd + 4 + Number(length[1]) : /\r\ntransfer-encoding:\s*chunked/.test(head) ? buffer.subarray(headEnd).indexOf(LAST_CHUNK) >= 0 : true;
    if (!complete) return;
    const resolve = connection.pending;
    connection.pending = undefined;
    resolve({ status: Number(head.slice(9, 12)), at: performance.now() });
    const next = this.queued.shift();
    if (next) this.send(connection, next.path, next.resolve);
    else this.idle.push(connection);
  }
}
