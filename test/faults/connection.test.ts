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

  it('DNS failure: retried, then ConnectionError with the resolver code', async () => {
    const { error } = await failure(clientFor({ url: 'https://sfc-faults.invalid' }).nodes.create(create));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(error.attempts).toBe(3);
    expectKeyAbsent(error);
  });
});

describe('timeouts', () => {
  it('a server that never answers: a create times out once, within the bound', async () => {
    server.script((r) => r.hang());
    const { error, ms } = await failure(clientFor(server, { timeoutMs: 150 }).nodes.create(create));
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150, scope: 'attempt', attempts: 1, responseStatus: undefined });
    expect(ms).toBeGreaterThanOrEqual(145);
    expect(ms).toBeLessThan(600);
    expectKeyAbsent(error);
  });

  it('a server that never answers: a list is tried 1 + maxRetries times, each bounded by timeoutMs', async () => {
    server.script((r) => r.hang());
    const { error, ms } = await failure(clientFor(server, { timeoutMs: 100 }).nodes.list());
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
    server.script((r) => r.hang());
    const { error, ms } = await failure(clientFor(server, { timeoutMs: 100, maxRetries: 10 }).nodes.get('n_1', { deadlineMs: 250 }));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ scope: 'deadline', timeoutMs: 250 });
    expect(server.received.length).toBeGreaterThanOrEqual(2);
    expect(server.received.length).toBeLessThanOrEqual(3);
    expect(ms).toBeGreaterThanOrEqual(245);
    expect(ms).toBeLessThan(700);
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
    server.script((r) => r.hang());
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user pressed ctrl-c')), 50);
    const { error, ms } = await failure(clientFor(server).nodes.list(undefined, { signal: controller.signal }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ attempts: 1 });
    expect(server.received).toHaveLength(1);
    expect(ms).toBeLessThan(400);
    expectKeyAbsent(error);
  });

  it('during a backoff wait: the wait ends at once, nothing more is sent', async () => {
    server.script((r) => r.json(503, { error: { type: 'api_error', message: 'busy' } }, { 'retry-after': '5' }));
    const controller = new AbortController();
    const pending = failure(clientFor(server).nodes.list(undefined, { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    controller.abort();
    const { error, ms } = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error.message).toContain('waiting to retry');
    expect(error).toMatchObject({ attempts: 1 });
    expect(ms).toBeLessThan(600);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.received).toHaveLength(1);
  });
});

describe('timers', () => {
  it('every timer a call starts has fired or been cleared when the call ends (success, timeout, abort)', async () => {
    const started = new Map<unknown, { ms: number; done: boolean }>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const spySet = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const entry = { ms: ms ?? 0, done: false };
      const handle = realSet(() => {
        entry.done = true;
        fn();
      }, ms);
      started.set(handle, entry);
      return handle;
    }) as typeof setTimeout);
    const spyClear = vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((handle: Parameters<typeof clearTimeout>[0]) => {
      const entry = started.get(handle);
      if (entry) entry.done = true;
      realClear(handle);
    }) as typeof clearTimeout);
    try {
      server.script((r) => r.json(200, NODE));
      await clientFor(server, { timeoutMs: 60_000, deadlineMs: 60_000 }).nodes.get('n_1');
      server.script((r) => r.hang());
      await failure(clientFor(server, { timeoutMs: 50, maxRetries: 0, deadlineMs: 60_000 }).nodes.get('n_1'));
      const controller = new AbortController();
      server.script((r) => r.json(503, {}, { 'retry-after': '30' }));
      const aborted = failure(clientFor(server).nodes.get('n_1', { signal: controller.signal }));
      await new Promise((resolve) => realSet(resolve, 50));
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
