// Broken and silent connections, timeouts, the overall deadline and the caller's AbortSignal.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectionError, RequestAbortedError, RequestTimeoutError } from '../../src/index.js';
import { clientFor, expectKeyAbsent, failure } from './helpers.js';
import { type FaultServer, closedPort, startServer } from './server.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const NODE = { object: 'node', id: 'n_1', name: 'a', gpu_type: 'H100', owner: 'o', status: 'running', node_type: 'reserved' };
const create = { desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' };
const extend = { duration_seconds: 3600, max_price_per_node_hour: 200 };

describe('connection reset', () => {
  it('before the headers: a create is sent once (the server may have read it)', async () => {
    server.script((r) => r.reset());
    const { error } = await failure(clientFor(server).nodes.create(create));
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ responseStatus: undefined, attempts: 1 });
    expect(error.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expectKeyAbsent(error);
  });

  it('before the headers: a get is retried and then succeeds', async () => {
    server.script((r, n) => (n === 1 ? r.reset() : r.json(200, NODE)));
    await expect(clientFor(server).nodes.get('n_1')).resolves.toEqual(NODE);
    expect(server.received).toHaveLength(2);
  });

  it('after the headers: an extend is sent once and the error says the server had answered', async () => {
    server.script((r) => r.resetMidBody(200));
    const { error } = await failure(clientFor(server).nodes.extend('n_1', extend));
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ responseStatus: 200, attempts: 1 });
    expect(error.message).toContain('may have taken effect');
    expectKeyAbsent(error);
  });

  it('after the headers: a release is retried, then the final ConnectionError carries the attempt count', async () => {
    server.script((r) => r.resetMidBody(200));
    const { error } = await failure(clientFor(server).nodes.release('n_1'));
    expect(server.received).toHaveLength(3);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ responseStatus: 200, attempts: 3 });
  });
});

describe('connection never made', () => {
  it('refused: even a create is retried (nothing was sent), then ConnectionError ECONNREFUSED', async () => {
    const port = await closedPort();
    const { error } = await failure(clientFor({ url: `http://127.0.0.1:${port}` }).nodes.create(create));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', responseStatus: undefined, attempts: 3 });
    expectKeyAbsent(error);
  });

  it('refused, then the server comes up during the backoff: the create lands once', async () => {
    const port = await closedPort();
    const late = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [NODE] }));
      });
    });
    const bodies: string[] = [];
    let started = false;
    const sfc = clientFor(
      { url: `http://127.0.0.1:${port}` },
      {
        maxRetries: 8,
        retryBaseDelayMs: 50,
        retryMaxDelayMs: 50,
        logger: {
          debug(message) {
            if (!started && message.includes('retrying')) {
              started = true;
              late.listen(port, '127.0.0.1');
            }
          },
        },
      },
    );
    try {
      const result = await sfc.nodes.create(create);
      expect(result.data).toHaveLength(1);
      expect(bodies).toEqual([JSON.stringify(create)]);
    } finally {
      late.closeAllConnections();
      late.close();
    }
  });

  // A real lookup of a name under .invalid (RFC 6761), which no resolver may answer; slow only
  // when the machine has no resolver at all, hence the longer time limit.
  it('DNS failure: retried, then ConnectionError with the resolver code', { timeout: 60_000 }, async () => {
    const { error } = await failure(clientFor({ url: 'https://sfc-faults.invalid' }, { maxRetries: 1 }).nodes.create(create));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(error.attempts).toBe(2);
    expectKeyAbsent(error);
  });
});

describe('after a redirect, the first hop may have taken effect', () => {
  it('POST answered 303, then the GET is rate limited: the create is not sent again', async () => {
    server.script((r, n) =>
      n === 1
        ? r.send(303, '', { location: '/v1/nodes' })
        : r.json(429, { error: { type: 'rate_limit', message: 'slow' } }, { 'retry-after-ms': '1' }),
    );
    const { error } = await failure(clientFor(server).nodes.create(create));
    expect(server.received.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(error).toMatchObject({ status: 429, attempts: 1 });
  });

  it('POST answered 307 to a closed port: the create is not sent again', async () => {
    const port = await closedPort();
    server.script((r) => r.send(307, '', { location: `http://127.0.0.1:${port}/v1/nodes` }));
    const { error } = await failure(clientFor(server).nodes.create(create));
    expect(server.received.map((r) => r.method)).toEqual(['POST']);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', attempts: 1 });
  });
});

describe('what a retry sends', () => {
  it('the body as it was when the call started, even if the caller changes the object meanwhile', async () => {
    server.script((r, n) =>
      n === 1
        ? r.json(429, { error: { type: 'rate_limit', message: 'slow' } }, { 'retry-after-ms': '50' })
        : r.json(200, { object: 'list', data: [] }),
    );
    const body = { ...create, names: ['job-0'] };
    const pending = clientFor(server).nodes.create(body);
    body.names = ['job-1'];
    body.max_price_per_node_hour = 9_999;
    await pending;
    expect(server.received.map((r) => r.body)).toEqual(Array(2).fill(JSON.stringify({ ...create, names: ['job-0'] })));
  });
});

describe('failures that are not the network', () => {
  it.each<[string, () => Promise<Response>, string]>([
    [
      'a bug in a custom fetch',
      () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')")),
      'ConnectionError',
    ],
    [
      "a custom fetch's own timeout",
      () => Promise.reject(new DOMException('The operation timed out', 'TimeoutError')),
      'RequestAbortedError',
    ],
    ["a custom fetch's own abort", () => Promise.reject(new DOMException('aborted', 'AbortError')), 'RequestAbortedError'],
    [
      'a TLS certificate error',
      () =>
        Promise.reject(
          new TypeError('fetch failed', { cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }) }),
        ),
      'ConnectionError',
    ],
  ])('%s: thrown once, not retried, even for a get', async (_what, fails, name) => {
    let calls = 0;
    const sfc = clientFor(server, { fetch: () => (calls++, fails()) });
    const { error } = await failure(sfc.nodes.get('n_1'));
    expect(calls).toBe(1);
    expect(error.name).toBe(name);
    expect(error.attempts).toBe(1);
  });

  it('a body that cannot be serialised: ValidationError, nothing sent', async () => {
    let calls = 0;
    const sfc = clientFor(server, { fetch: () => (calls++, Promise.reject(new Error('unreachable'))), validateRequests: false });
    const { error } = await failure(sfc.procurements.update('proc_1', { managed_window_minutes: 60n as unknown as number }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain('JSON-serialisable');
    expect(calls).toBe(0);
  });
});

describe('timeouts', () => {
  it('a server that never answers: a create times out once, within the bound', async () => {
    server.script((r) => r.hang());
    const { error, ms } = await failure(() => clientFor(server, { timeoutMs: 150 }).nodes.create(create));
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150, scope: 'attempt', attempts: 1, responseStatus: undefined });
    expect(ms).toBeGreaterThanOrEqual(145);
    expect(ms).toBeLessThan(600);
    expectKeyAbsent(error);
  });

  it('a server that never answers: a list is tried 1 + maxRetries times, each bounded by timeoutMs', async () => {
    server.script((r) => r.hang());
    const { error, ms } = await failure(() => clientFor(server, { timeoutMs: 100 }).nodes.list());
    expect(server.received).toHaveLength(3);
    expect(error).toMatchObject({ name: 'RequestTimeoutError', attempts: 3 });
    expect(ms).toBeGreaterThanOrEqual(295);
    expect(ms).toBeLessThan(1_000);
  });

  it('a body that stalls mid-stream: RequestTimeoutError with the status that had arrived', async () => {
    server.script((r) => r.stallMidBody(200));
    const { error, ms } = await failure(clientFor(server, { timeoutMs: 150 }).nodes.redeploy('n_1'));
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ responseStatus: 200, attempts: 1 });
    expect(ms).toBeLessThan(600);
  });

  it('the overall deadline bounds every attempt and wait of a harmless call', async () => {
    // The first attempt is answered 503 at once; the second hangs, and its own 5 s limit is far
    // beyond the 300 ms deadline, so only the deadline can end the call. (An earlier version let
    // attempt timeouts race the deadline, and a late timer on a loaded CI machine ended the call
    // by the "wait would pass the deadline" rule instead.)
    server.script((r, n) => (n === 1 ? r.json(503, { error: { type: 'api_error', message: 'busy' } }) : r.hang()));
    const { error, ms } = await failure(() =>
      clientFor(server, { timeoutMs: 5_000, maxRetries: 10 }).nodes.get('n_1', { deadlineMs: 300 }),
    );
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ scope: 'deadline', timeoutMs: 300, attempts: 2 });
    expect(server.received).toHaveLength(2);
    expect(ms).toBeGreaterThanOrEqual(295);
    expect(ms).toBeLessThan(3_000);
  });

  it('a retry whose wait would pass the deadline is not attempted', async () => {
    server.script((r) => r.json(503, { error: { type: 'api_error', message: 'busy' } }, { 'retry-after': '5' }));
    const { error, ms } = await failure(clientFor(server).nodes.list(undefined, { deadlineMs: 2_000 }));
    expect(server.received).toHaveLength(1);
    expect(ms).toBeLessThan(1_000);
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(error.message).toContain('would pass the 2000 ms deadline');
  });
});

describe('the caller aborts', () => {
  it('during a request: RequestAbortedError at once, never retried', async () => {
    const controller = new AbortController();
    // Aborted once the request has arrived (not on a timer, which could fire first on a loaded machine).
    server.script((r) => {
      r.hang();
      setTimeout(() => controller.abort(new Error('user pressed ctrl-c')), 20);
    });
    const { error, ms } = await failure(clientFor(server).nodes.list(undefined, { signal: controller.signal }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ attempts: 1 });
    expect(server.received).toHaveLength(1);
    expect(ms).toBeLessThan(2_000);
    expectKeyAbsent(error);
  });

  it('during a backoff wait: the wait ends at once, nothing more is sent', async () => {
    server.script((r) => r.json(503, { error: { type: 'api_error', message: 'busy' } }, { 'retry-after': '5' }));
    const controller = new AbortController();
    // Aborted once the client says it is waiting (a fixed delay could land before the 503 arrives).
    let waiting = false;
    const logger = { debug: (message: string) => void (waiting ||= message.includes('retrying in')) };
    const pending = failure(clientFor(server, { logger }).nodes.list(undefined, { signal: controller.signal }));
    while (!waiting) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const { error, ms } = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error.message).toContain('waiting to retry');
    expect(error).toMatchObject({ attempts: 1 });
    expect(ms).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.received).toHaveLength(1);
  });
});

describe('timers', () => {
  it('every timer a call starts has fired or been cleared when the call ends (success, timeout, abort)', async () => {
    const started = new Map<unknown, { ms: number; done: boolean }>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const spySet = vi.spyOn(globalThis, 'setTimeout').mockImplementation((fn: () => void, ms?: number) => {
      const entry = { ms: ms ?? 0, done: false };
      const handle = realSet(() => {
        entry.done = true;
        fn();
      }, ms);
      started.set(handle, entry);
      return handle;
    });
    const spyClear = vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle: Parameters<typeof clearTimeout>[0]) => {
      const entry = started.get(handle);
      if (entry) entry.done = true;
      realClear(handle);
    });
    try {
      server.script((r) => r.json(200, NODE));
      await clientFor(server, { timeoutMs: 60_000, deadlineMs: 60_000 }).nodes.get('n_1');
      server.script((r) => r.hang());
      await failure(clientFor(server, { timeoutMs: 50, maxRetries: 0, deadlineMs: 60_000 }).nodes.get('n_1'));
      const controller = new AbortController();
      server.script((r) => r.json(503, {}, { 'retry-after': '30' }));
      let waiting = false;
      const logger = { debug: (message: string) => void (waiting ||= message.includes('retrying in')) };
      const aborted = failure(clientFor(server, { logger }).nodes.get('n_1', { signal: controller.signal }));
      while (!waiting) await new Promise((resolve) => realSet(resolve, 5));
      controller.abort();
      await aborted;
    } finally {
      spySet.mockRestore();
      spyClear.mockRestore();
    }
    // The client's timers are the ones with the delays configured above: the 60 s attempt and
    // deadline timers, the 50 ms attempt timer, the 30 s backoff wait. (Node's fetch keeps
    // timers of its own, for idle connections, which are not ours to check.)
    const ours = [...started.values()].filter((e) => [60_000, 50, 30_000].includes(e.ms));
    expect(ours.map((e) => e.ms)).toEqual(expect.arrayContaining([60_000, 50, 30_000]));
    expect(ours.filter((e) => !e.done)).toEqual([]);
  });
});
