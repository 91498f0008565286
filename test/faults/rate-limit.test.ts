// 429 means the server did not process the request, so every operation is retried, money-moving
// ones included, after the wait the server asks for (capped by maxRetryAfterMs).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RateLimitError } from '../../src/index.js';
import { clientFor, expectKeyAbsent, failure, timed } from './helpers.js';
import { type FaultServer, startServer } from './server.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const NODE = { object: 'node', id: 'n_1', name: 'a', gpu_type: 'H100', owner: 'o', status: 'running', node_type: 'reserved' };
const LIST = { object: 'list', data: [NODE] };
const limited = { error: { type: 'rate_limit', message: 'slow down' } };
const create = { desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' };

it('retries a create after Retry-After: 1 (seconds), waiting about a second, and sends it once more only', async () => {
  server.script((r, n) => (n === 1 ? r.json(429, limited, { 'retry-after': '1' }) : r.json(200, LIST)));
  const { value } = await timed(clientFor(server).nodes.create(create));
  expect(value).toEqual(LIST);
  expect(server.received).toHaveLength(2);
  const gap = server.received[1]!.at - server.received[0]!.at;
  expect(gap).toBeGreaterThanOrEqual(990);
  expect(gap).toBeLessThan(3_000);
  expect(server.received[1]!.body).toBe(server.received[0]!.body);
});

it('reads Retry-After as an HTTP date', async () => {
  // HTTP dates have whole seconds: two seconds ahead means a wait of more than one second.
  server.script((r, n) =>
    n === 1 ? r.json(429, limited, { 'retry-after': new Date(Date.now() + 2_000).toUTCString() }) : r.json(200, NODE),
  );
  await clientFor(server).nodes.extend('n_1', { duration_seconds: 3600, max_price_per_node_hour: 200 });
  expect(server.received).toHaveLength(2);
  const gap = server.received[1]!.at - server.received[0]!.at;
  expect(gap).toBeGreaterThanOrEqual(990);
  expect(gap).toBeLessThan(4_000);
});

it('prefers retry-after-ms over Retry-After', async () => {
  server.script((r, n) => (n === 1 ? r.json(429, limited, { 'retry-after-ms': '150', 'retry-after': '30' }) : r.json(200, NODE)));
  const { ms } = await timed(clientFor(server).nodes.get('n_1'));
  expect(server.received).toHaveLength(2);
  expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(145);
  expect(ms).toBeLessThan(1_000);
});

it('gives up at once when the server asks for longer than maxRetryAfterMs, with the wait in the error', async () => {
  server.script((r) => r.json(429, limited, { 'retry-after': '120' }));
  const { error, ms } = await failure(clientFor(server).nodes.create(create));
  expect(ms).toBeLessThan(1_000);
  expect(server.received).toHaveLength(1);
  expect(error).toBeInstanceOf(RateLimitError);
  expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, attempts: 1 });
  expect(error.message).toContain('asked to wait 120000 ms');
  expectKeyAbsent(error);
});

it('throws RateLimitError after maxRetries when 429s keep coming', async () => {
  server.script((r) => r.json(429, limited, { 'retry-after-ms': '5' }));
  const { error } = await failure(clientFor(server, { maxRetries: 3 }).nodes.create(create));
  expect(server.received).toHaveLength(4);
  expect(error).toBeInstanceOf(RateLimitError);
  expect(error).toMatchObject({ attempts: 4, retryAfterMs: 5 });
});

it('50 parallel creates against a server that admits 8 per 100 ms: all succeed, each bought exactly once', async () => {
  const windowMs = 100;
  const perWindow = 8;
  let windowStart = performance.now();
  let admitted = 0;
  const bought = new Map<string, number>();
  server.script((r, _n, request) => {
    const now = performance.now();
    if (now - windowStart >= windowMs) {
      windowStart = now;
      admitted = 0;
    }
    if (admitted >= perWindow) {
      const wait = Math.ceil(windowMs - (now - windowStart));
      r.json(429, limited, { 'retry-after-ms': String(wait) });
      return;
    }
    admitted += 1;
    const name = (JSON.parse(request.body) as { names: string[] }).names[0]!;
    bought.set(name, (bought.get(name) ?? 0) + 1);
    r.json(200, { object: 'list', data: [{ ...NODE, name }] });
  });
  const sfc = clientFor(server, { maxRetries: 20 });
  const names = Array.from({ length: 50 }, (_, i) => `job-${i}`);
  const results = await Promise.all(names.map((name) => sfc.nodes.create({ ...create, names: [name] })));
  expect(results.map((r) => r.data[0]!.name)).toEqual(names);
  expect([...bought.values()].every((count) => count === 1)).toBe(true);
  expect(bought.size).toBe(50);
  const rejected = server.received.length - 50;
  expect(rejected).toBeGreaterThan(0); // the limiter really did push back
});
