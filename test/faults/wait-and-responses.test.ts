// nodes.waitFor against a scripted server whose node changes status over time, and opt-in
// response validation against a server that answers with the wrong shape.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NodeStateError, RequestAbortedError, ResponseValidationError, WaitTimeoutError } from '../../src/index.js';
import { clientFor, expectKeyAbsent, failure } from './helpers.js';
import { type FaultServer, startServer } from './server.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const node = (status: string) => ({ object: 'node', id: 'n_1', name: 'a', gpu_type: 'H100', owner: 'o', status, node_type: 'reserved' });

describe('nodes.waitFor', () => {
  it('polls with growing pauses until the status is reached, and returns the node', async () => {
    const statuses = ['pending', 'pending', 'awaitingcapacity', 'running'];
    server.script((r, n) => r.json(200, node(statuses[Math.min(n, statuses.length) - 1]!)));
    const result = await clientFor(server).nodes.waitFor('n_1', { intervalMs: 20, maxIntervalMs: 45 });
    expect(result.status).toBe('running');
    expect(server.received).toHaveLength(4);
    const gaps = server.received.slice(1).map((r, i) => r.at - server.received[i]!.at);
    // 20, then 30, then 45 (capped): each at least the pause, growing.
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(28);
    expect(gaps[2]).toBeGreaterThanOrEqual(43);
  });

  it('accepts several statuses', async () => {
    server.script((r) => r.json(200, node('awaitingcapacity')));
    const result = await clientFor(server).nodes.waitFor('n_1', { status: ['running', 'awaitingcapacity'], intervalMs: 5 });
    expect(result.status).toBe('awaitingcapacity');
    expect(server.received).toHaveLength(1);
  });

  it('throws NodeStateError as soon as the node reaches a final status it was not waited for', async () => {
    server.script((r, n) => r.json(200, node(n < 2 ? 'pending' : 'failed')));
    const { error } = await failure(clientFor(server).nodes.waitFor('n_1', { intervalMs: 5 }));
    expect(error).toBeInstanceOf(NodeStateError);
    expect(error).toMatchObject({ nodeId: 'n_1', status: 'failed', wanted: ['running'] });
    expect(server.received).toHaveLength(2);
  });

  it('waits for a final status when that is what it was asked for', async () => {
    server.script((r, n) => r.json(200, node(n < 2 ? 'running' : 'released')));
    expect((await clientFor(server).nodes.waitFor('n_1', { status: 'released', intervalMs: 5 })).status).toBe('released');
  });

  it('throws WaitTimeoutError with the last status when time runs out', async () => {
    server.script((r) => r.json(200, node('pending')));
    const { error, ms } = await failure(() => clientFor(server).nodes.waitFor('n_1', { timeoutMs: 150, intervalMs: 20 }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ lastStatus: 'pending', timeoutMs: 150 });
    expect(error.message).toBe(
      'Node n_1 did not become running within 150 ms (last status: pending). It waited on the system clock: ' +
        'with a fake API, pass { clock: fake.clock } to the client',
    );
    expect(ms).toBeGreaterThanOrEqual(145);
    expect(ms).toBeLessThan(600);
  });

  it('times out even while a poll hangs', async () => {
    server.script((r) => r.hang());
    const { error, ms } = await failure(clientFor(server).nodes.waitFor('n_1', { timeoutMs: 150 }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(ms).toBeLessThan(600);
  });

  it('stops at once when aborted during a pause', async () => {
    server.script((r) => r.json(200, node('pending')));
    const controller = new AbortController();
    const pending = failure(clientFor(server).nodes.waitFor('n_1', { intervalMs: 10_000, signal: controller.signal }));
    while (server.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const { error, ms } = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(ms).toBeLessThan(1_000);
  });

  it.each<[object, string[]]>([
    [{ status: [], intervalMs: 0 }, ['/options/status', '/options/intervalMs']],
    [{ status: 'Running' }, ['/options/status']],
    [{ status: 5 }, ['/options/status']],
    [{ timeoutMs: -1, maxIntervalMs: 1.5 }, ['/options/timeoutMs', '/options/maxIntervalMs']],
  ])('refuses bad options %o before polling', async (options, paths) => {
    server.script((r) => r.json(200, node('running')));
    const { error } = await failure(clientFor(server).nodes.waitFor('n_1', options));
    expect(error.name).toBe('ValidationError');
    expect((error.issues as { path: string }[]).map((i) => i.path)).toEqual(paths);
    expect(server.received).toHaveLength(0);
  });

  it('gives that last poll no deadline of its own, even when the pause ends a moment early by the clock', async () => {
    // A timer can fire a millisecond before Date.now() says it is due. Here the clock is moved to
    // 1 ms before the deadline while the last pause runs, and the server takes 40 ms to answer the
    // last poll: a poll bounded by what the clock says is left (1 ms) would be cut short.
    let clock = 1_000_000;
    const now = vi.spyOn(Date, 'now').mockImplementation(() => clock);
    try {
      server.script((r, n) => {
        if (n === 1) {
          setTimeout(() => (clock += 299), 20);
          r.json(200, node('pending'));
        } else setTimeout(() => r.json(200, node('running')), 40);
      });
      const result = await clientFor(server).nodes.waitFor('n_1', { timeoutMs: 300, intervalMs: 10_000 });
      expect(result.status).toBe('running');
      expect(server.received).toHaveLength(2);
    } finally {
      now.mockRestore();
    }
  });

  it('polls once more when the last pause ends at the deadline', async () => {
    server.script((r, n) => r.json(200, node(n === 1 ? 'pending' : 'running')));
    const result = await clientFor(server).nodes.waitFor('n_1', { timeoutMs: 1_500, intervalMs: 10_000 });
    expect(result.status).toBe('running');
    expect(server.received).toHaveLength(2);
  });
});

describe('validateResponses', () => {
  const wrong = { object: 'node', id: 42, name: 'a', gpu_type: 'TPU', owner: 'o', status: 'running' };

  it('throws ResponseValidationError naming the operation and the first mismatches', async () => {
    server.script((r) => r.json(200, wrong));
    const { error } = await failure(clientFor(server, { validateResponses: true }).nodes.get('n_1'));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ operation: 'getNode', status: 200, attempts: 1 });
    expect(error.issues).toEqual([
      { path: '/node_type', rule: 'given (it is required)', value: undefined },
      { path: '/id', rule: 'a string', value: 42 },
      { path: '/gpu_type', rule: 'one of "H100", "H200"', value: 'TPU' },
    ]);
    expect(error.message).toMatch(
      /^200 GET \/v1\/nodes\/\{id\} \(getNode\): the response does not match openapi\.yaml: \/node_type must be given/,
    );
    expectKeyAbsent(error);
  });

  it("'warn' reports through the logger and returns the body", async () => {
    server.script((r) => r.json(200, wrong));
    const warn = vi.fn();
    const body = await clientFor(server, { validateResponses: 'warn', logger: { debug() {}, warn } }).nodes.get('n_1');
    expect(body).toEqual(wrong);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/200 GET \/v1\/nodes\/\{id\} \(getNode\): the response does not match/);
  });

  it('is off by default, and passes a response that matches', async () => {
    server.script((r) => r.json(200, wrong));
    await expect(clientFor(server).nodes.get('n_1')).resolves.toEqual(wrong);
    server.script((r) => r.json(200, node('running')));
    await expect(clientFor(server, { validateResponses: true }).nodes.get('n_1')).resolves.toEqual(node('running'));
  });

  it('reports a success status the spec does not document', async () => {
    server.script((r) => r.json(201, node('running')));
    const { error } = await failure(clientFor(server, { validateResponses: true }).nodes.get('n_1'));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('a documented status for getNode (200');
  });
});
