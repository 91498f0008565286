// sfcompute-client/testing/msw: the fake API behind a real MSW server (setupServer from msw/node),
// with the client on the global fetch MSW intercepts.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, InternalServerError, RequestTimeoutError, SFCompute, validators, type ClientOptions } from '../../src/index.js';
import { sfcomputeHandlers } from '../../src/testing-msw.js';
import { createFakeSFCompute } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const fake = createFakeSFCompute();
const local = createFakeSFCompute({ zones: [] });
const server = setupServer(...sfcomputeHandlers(fake), ...sfcomputeHandlers(local, { baseUrl: 'http://localhost:4010/' }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => fake.clearFaults());
afterAll(() => server.close());

// Built after listen: the client keeps the global fetch it finds, which MSW has replaced by then.
const client = (options: ClientOptions = {}) =>
  new SFCompute({ apiKey: 'test-key', validators, validateResponses: true, retryBaseDelayMs: 0, ...options });

describe('MSW handlers backed by the fake API', () => {
  it('runs a node lifecycle through the global fetch', async () => {
    const sfc = client();
    const [node] = (await sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' })).data;
    fake.advance(60_000);
    expect((await sfc.nodes.waitFor(node!.id, { timeoutMs: 1_000 })).status).toBe('running');
    expect((await sfc.nodes.release(node!.id)).status).toBe('released');
    expect(fake.requests.map((r) => r.operation)).toEqual(['createNodes', 'getNode', 'releaseNode']);
    expect(fake.requests[2]!.body).toEqual({});
  });

  it('answers for another base URL from another fake', async () => {
    const sfc = client({ baseUrl: 'http://localhost:4010' });
    expect((await sfc.zones.list()).data).toEqual([]);
    expect(local.requests.map((r) => r.operation)).toEqual(['listZones']);
  });

  it('passes injected statuses through, and our retry rules apply (a create answered 500 is sent once)', async () => {
    const sfc = client();
    const before = fake.requests.length;
    fake.failNext({ operation: 'createNodes', status: 500 });
    expect(await rejectionOf(sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' }))).toBeInstanceOf(
      InternalServerError,
    );
    expect(fake.requests.length - before).toBe(1);
  });

  it('turns an injected network failure into a network error the client reports (retried for a get)', async () => {
    const sfc = client({ maxRetries: 0 });
    fake.failNext({ network: 'refused' });
    expect(await rejectionOf(sfc.zones.list())).toBeInstanceOf(ConnectionError);
    const before = fake.requests.length;
    fake.failNext({ network: 'reset' });
    expect((await client().zones.list()).data).toHaveLength(1);
    // The reset was used, then the retry answered 200.
    expect(fake.requests.slice(before).map((r) => [r.operation, 'status' in r.response ? r.response.status : r.response])).toEqual([
      ['listZones', { network: 'reset' }],
      ['listZones', 200],
    ]);
  });

  it('reads a refused connection as a reset through MSW: a create is not sent again', async () => {
    const before = fake.requests.length;
    fake.failNext({ operation: 'createNodes', network: 'refused' });
    const create = client().nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' });
    expect(await rejectionOf(create)).toBeInstanceOf(ConnectionError);
    expect(fake.requests.slice(before).map((r) => r.response)).toEqual([{ network: 'refused' }]);
  });

  it('hangs until the client times out', async () => {
    fake.failNext({ hang: true });
    expect(await rejectionOf(client({ timeoutMs: 50, maxRetries: 0 }).zones.list())).toBeInstanceOf(RequestTimeoutError);
  });
});
