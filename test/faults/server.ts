// A real HTTP server on 127.0.0.1 whose behaviour each test scripts, and which records every
// request it receives (method, raw path, headers, body, arrival time). No mocking library: the
// client under test talks to it through the runtime's own fetch.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Received {
  method: string;
  /** The request target exactly as sent (path and query, still percent-encoded). */
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** performance.now() when the request had fully arrived. */
  at: number;
}

/** What the server does with a request; `n` counts requests from 1 since the last `script()`. */
export type Script = (reply: Reply, n: number, request: Received) => void | Promise<void>;

/** Ways of answering, including the broken ones. */
export class Reply {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {}

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.send(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
  }

  send(status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
    this.res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    this.res.end(body);
  }

  /** Closes the connection with a TCP reset before any response byte. */
  reset(): void {
    this.req.socket.resetAndDestroy();
  }

  /** Sends headers and the start of a body, then resets the connection. */
  resetMidBody(status = 200): void {
    this.res.writeHead(status, { 'content-type': 'application/json', 'content-length': '1000' });
    this.res.write('{"object":"node","id":');
    setTimeout(() => this.req.socket.resetAndDestroy(), 10);
  }

  /** Sends headers and the start of a body, then nothing more. */
  stallMidBody(status = 200): void {
    this.res.writeHead(status, { 'content-type': 'application/json', 'content-length': '1000' });
    this.res.write('{"object":"node","id":');
  }

  /** Never answers (the connection stays open until the client gives up or the test ends). */
  hang(): void {}
}

export interface FaultServer {
  url: string;
  origin: string;
  port: number;
  received: Received[];
  /** Replaces the script and forgets the requests received so far. */
  script(next: Script): void;
  close(): Promise<void>;
}

export async function startServer(initial: Script = (r) => r.json(200, {})): Promise<FaultServer> {
  let script = initial;
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      // The client gave up while sending its body (an abort or a timeout in a test): nothing
      // arrived, and an error thrown from here would be an unhandled rejection that fails the run.
      res.destroy();
      return;
    }
    const request: Received = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: performance.now(),
    };
    received.push(request);
    try {
      await script(new Reply(req, res), received.length, request);
    } catch (error) {
      res.destroy(error as Error);
    }
  };
  const server = createServer((req, res) => void answer(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    port,
    received,
    script(next) {
      script = next;
      received.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
