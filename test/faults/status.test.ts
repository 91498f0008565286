// 408 and 5xx answers, operation by operation: a money-moving call is sent exactly once; a
// harmless one is re-sent up to maxRetries times, then succeeds or throws the final typed error.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { operations } from '../../generated/operations.js';
import { APIError, InternalServerError, SFComputeError } from '../../src/index.js';
import { calls, methods } from '../support/calls.js';
import { clientFor, expectKeyAbsent, failure } from './helpers.js';
import { type FaultServer, startServer } from './server.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const NODE = {
  object: 'node',
  id: 'n_b1dc52505c6db142',
  name: 'cuda-crunch',
  gpu_type: 'H100',
  owner: 'o',
  status: 'running',
  node_type: 'reserved',
};
/** A body every operation's method accepts as success (the list ones read `data`, delete reads nothing). */
const OK = { ...NODE, data: [] };
const envelope = (type: string) => ({ error: { type, message: `${type} (scripted)` } });

/** The request line the server saw, with the path template filled the way `calls` fills it. */
function expectedRoute(op: (typeof operations)[keyof typeof operations]): RegExp {
  const path = op.path.replace(/\{\w+\}/g, '[^/?]+');
  return new RegExp(`^${op.method} ${path}(\\?.*)?$`);
}

const table = Object.entries(operations);
const moneyMoving = table.filter(([, op]) => !op.idempotent).map(([id]) => id);

it('covers every operation in the generated table; an operation that spends money is harmless to repeat only if it sets a state (an update)', () => {
  expect(Object.keys(calls).sort()).toEqual(Object.keys(operations).sort());
  // From the spec: x-sfc-spends-money says an operation pays. Repeating a create or an extend would
  // pay twice; repeating an update sets the same values (procurements.update).
  const spending = methods.filter((m) => m.docs.spendsMoney);
  expect(spending.length).toBeGreaterThan(0);
  expect(spending.filter((m) => !moneyMoving.includes(m.operationId) && m.name !== 'update').map((m) => m.operationId)).toEqual([]);
});

describe.each(table)('%s', (operationId, op) => {
  const call = calls[operationId]!;
  const sends = op.idempotent ? 3 : 1;

  it.each([500, 502, 503, 504, 408])(`HTTP %i: sent ${sends} time(s), then the typed error`, async (status) => {
    server.script((r) => r.json(status, envelope('api_error')));
    const { error } = await failure(call(clientFor(server)));
    expect(server.received).toHaveLength(sends);
    for (const request of server.received) expect(`${request.method} ${request.path}`).toMatch(expectedRoute(op));
    expect(error).toBeInstanceOf(status >= 500 ? InternalServerError : APIError);
    expect(error).toMatchObject({ status, type: 'api_error', attempts: sends });
    expectKeyAbsent(error);
  });

  it('is not retried on a 4xx other than 408 and 429', async () => {
    server.script((r) => r.json(409, envelope('conflict')));
    const { error } = await failure(call(clientFor(server)));
    expect(server.received).toHaveLength(1);
    expect(error).toMatchObject({ status: 409, attempts: 1 });
  });
});

describe.each(table.filter(([, op]) => op.idempotent))('%s (harmless to repeat)', (operationId, op) => {
  const call = calls[operationId]!;

  it('recovers when a 503 is followed by success, resending the same request', async () => {
    server.script((r, n) => (n === 1 ? r.json(503, envelope('api_error')) : op.response === 'none' ? r.send(204, '') : r.json(200, OK)));
    await call(clientFor(server));
    expect(server.received).toHaveLength(2);
    expect(server.received[1]!.body).toBe(server.received[0]!.body);
    expect(server.received[1]!.path).toBe(server.received[0]!.path);
  });
});

it('sends the same body on every attempt of a harmless call with a body', async () => {
  server.script((r, n) => (n < 3 ? r.json(502, envelope('api_error')) : r.json(200, { object: 'procurement' })));
  const sfc = clientFor(server);
  await sfc.procurements.update('proc_1', { max_buy_price_dollars_per_node_hour: '3.000060', enabled: false });
  expect(server.received.map((r) => r.body)).toEqual(Array(3).fill('{"max_buy_price_dollars_per_node_hour":"3.000060","enabled":false}'));
  expect(server.received.map((r) => r.headers['content-type'])).toEqual(Array(3).fill('application/json'));
});

it('honours maxRetries per client and per call', async () => {
  server.script((r) => r.json(500, envelope('api_error')));
  await failure(clientFor(server, { maxRetries: 4 }).nodes.list());
  expect(server.received).toHaveLength(5);
  server.script((r) => r.json(500, envelope('api_error')));
  const { error } = await failure(clientFor(server, { maxRetries: 4 }).nodes.list(undefined, { maxRetries: 0 }));
  expect(server.received).toHaveLength(1);
  expect(error).toBeInstanceOf(SFComputeError);
  expect(error.attempts).toBe(1);
});

it('waits with exponential backoff up to the cap (jitter pinned to its maximum)', async () => {
  // Full jitter draws each wait in [0, min(cap, base·2^(n-1))]; with Math.random at its top the
  // waits are the bounds themselves: 100, then 200 capped to 150, then 150, 150 (550 ms in all).
  // Without the cap they would be 100, 200, 400, 800 (1.5 s): the total tells them apart with
  // room for a slow machine.
  vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
  try {
    server.script((r) => r.json(503, envelope('api_error')));
    await failure(clientFor(server, { maxRetries: 4, retryBaseDelayMs: 100, retryMaxDelayMs: 150 }).nodes.list());
  } finally {
    vi.restoreAllMocks();
  }
  const gaps = server.received.slice(1).map((r, i) => r.at - server.received[i]!.at);
  expect(gaps).toHaveLength(4);
  for (const [i, wait] of [100, 150, 150, 150].entries()) expect(gaps[i]).toBeGreaterThanOrEqual(wait - 2);
  expect(gaps.reduce((a, b) => a + b, 0)).toBeLessThan(1_200);
});

it('draws a different wait each time (jitter), never above the bound', async () => {
  server.script((r) => r.json(503, envelope('api_error')));
  await failure(clientFor(server, { maxRetries: 6, retryBaseDelayMs: 30, retryMaxDelayMs: 30 }).nodes.list());
  const gaps = server.received.slice(1).map((r, i) => r.at - server.received[i]!.at);
  expect(gaps).toHaveLength(6);
  expect(Math.min(...gaps)).toBeLessThan(Math.max(...gaps));
});
