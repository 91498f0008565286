// The fake API's plumbing: authentication, request checks, the request log, injected faults and
// how our retry rules meet them (a create answered 500 is sent once, a get answered 503 again).
import { describe, expect, it } from 'vitest';
import { operations } from '../../generated/operations.js';
import {
  ConnectionError,
  APIError,
  InternalServerError,
  RequestTimeoutError,
  SFCompute,
  validators,
  type ClientOptions,
} from '../../src/index.js';
import { exampleAnswers } from '../../generated/example-answers.js';
import { handlers } from '../../src/testing/fake/handlers.js';
import { readQuery } from '../../src/testing/route.js';
import { answerProblems, createFakeSFCompute, ownFaultBodies, type FakeSFComputeOptions, type RecordedRequest } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const CREATE = { desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' };

function setup(options: FakeSFComputeOptions = {}, client: ClientOptions = {}) {
  const fake = createFakeSFCompute(options);
  const sfc = new SFCompute({ apiKey: 'test-key', fetch: fake.fetch, validators, validateResponses: true, retryBaseDelayMs: 0, ...client });
  return { fake, sfc };
}

const url = (path: string) => `https://api.sfcompute.com${path}`;
const auth = { authorization: 'Bearer test-key', 'content-type': 'application/json' };

describe('fake API: requests', () => {
  it('answers every operation in openapi.yaml: by its model, or, not modelled, a read with its example (anything else gets 501)', () => {
    const unanswered = (Object.keys(operations) as (keyof typeof operations)[]).filter(
      (id) => !(id in handlers) && operations[id].method === 'GET' && !(id in exampleAnswers),
    );
    expect(unanswered).toEqual([]);
  });

  it.each([
    ['listNodes', '?id=n_1', { id: ['n_1'] }],
    ['listNodes', '?name=a&name=b', { name: ['a', 'b'] }],
    ['listProcurements', '?workspace=w&limit=5', { workspace: 'w', limit: 5 }],
    ['listProcurements', '?limit=five', { limit: 'five' }],
    ['getVmLogs', '?since_seqnum=2.5&order_by=seqnum_asc', { since_seqnum: 2.5, order_by: 'seqnum_asc' }],
    ['getVmLogs', '?limit=', { limit: '' }],
  ])('reads %s%s as the spec types it', (operation, search, expected) => {
    expect(readQuery(operation, new URLSearchParams(search))).toEqual(expected);
  });

  it('answers 401 without a bearer token, or with another key than options.apiKey', async () => {
    const fake = createFakeSFCompute({ apiKey: 'only-this' });
    const none = await fake.fetch(url('/v0/zones'));
    expect([none.status, await none.json()]).toEqual([
      401,
      { error: { type: 'authentication_error', message: 'Invalid or expired API token.' } },
    ]);
    expect((await fake.fetch(url('/v0/zones'), { headers: { authorization: 'Bearer other' } })).status).toBe(401);
    expect((await fake.fetch(url('/v0/zones'), { headers: { authorization: 'Bearer only-this' } })).status).toBe(200);
    // /v0/vms documents its 401 without a body.
    const bare = await fake.fetch(url('/v0/vms/script'));
    expect([bare.status, await bare.text()]).toEqual([401, '']);
  });

  it.each([
    ['POST', '/v1/nodes', { desired_count: 0, max_price_per_node_hour: 1 }, 400, 'desired_count', 'invalid_request_error'],
    ['PATCH', '/v1/nodes/n_1/release', { why: 'no' }, 400, 'why', 'invalid_request_error'],
    ['GET', '/v2/procurements?workspace=wksp_a&limit=51', undefined, 422, 'limit', 'unprocessable_entity'],
    ['GET', '/v2/procurements/not-a-ref', undefined, 404, 'id', 'not_found'],
  ])('refuses %s %s that breaks the spec with a documented status and the envelope', async (method, path, body, status, field, type) => {
    const { fake } = setup();
    const init = { method, headers: auth, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    const response = await fake.fetch(url(path), init);
    const answer = (await response.json()) as { error: { type: string; details: { field: string }[] } };
    expect(response.status).toBe(status);
    expect(answer.error.type).toBe(type);
    expect(answer.error.details.map((d) => d.field)).toContain(field);
    expect(fake.nodes).toEqual([]);
  });

  it('refuses a body that is not JSON, and a path the spec does not have', async () => {
    const { fake } = setup();
    expect((await fake.fetch(url('/v1/nodes'), { method: 'POST', headers: auth, body: '{' })).status).toBe(400);
    const unknown = await fake.fetch(url('/v9/nothing'), { headers: auth });
    expect(unknown.status).toBe(404);
    expect(fake.requests.at(-1)).toMatchObject({ operation: undefined, response: { status: 404 } });
  });

  it('accepts a release without a body (the spec makes it optional)', async () => {
    const { fake } = setup({ nodes: [{ id: 'n_1' }] });
    expect((await fake.fetch(url('/v1/nodes/n_1/release'), { method: 'PATCH', headers: auth })).status).toBe(200);
  });

  it('records every request with its operation, parsed input and answer, without the key', async () => {
    const { fake, sfc } = setup();
    await sfc.nodes.create({ ...CREATE, names: ['rec'] });
    await sfc.nodes.list({ name: ['rec'] });
    expect(fake.requests.map((r) => [r.operation, r.method, 'status' in r.response ? r.response.status : undefined])).toEqual([
      ['createNodes', 'POST', 201],
      ['listNodes', 'GET', 200],
    ]);
    expect(fake.requests[0]!.body).toEqual({ ...CREATE, names: ['rec'] });
    expect(fake.requests[1]!.query).toEqual({ name: ['rec'] });
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer (not shown)');
    expect(JSON.stringify(fake.requests)).not.toContain('test-key');
  });

  it('returns copies of its state: changing them changes nothing', async () => {
    const { fake, sfc } = setup();
    await sfc.nodes.create({ ...CREATE, names: ['mine'] });
    fake.nodes[0]!.name = 'changed';
    expect((await sfc.nodes.get('mine')).name).toBe('mine');
    const log = fake.requests as RecordedRequest[];
    log.length = 0;
    expect(fake.requests.map((r) => r.operation)).toEqual(['createNodes', 'getNode']);
    fake.requests[0]!.headers.authorization = 'Bearer stolen';
    await sfc.zones.list();
    expect([log.length, fake.requests[0]!.headers.authorization, fake.requests.length]).toEqual([0, 'Bearer (not shown)', 3]);
  });

  it('moves only when told: autoAdvanceMs moves the clock before each request; advance refuses going back', async () => {
    const start = Date.parse('2026-05-01T00:00:00Z');
    const fake = createFakeSFCompute({ startTime: new Date(start), autoAdvanceMs: 1_000 });
    expect(fake.now()).toBe(start);
    await fake.fetch(url('/v0/zones'), { headers: auth });
    expect(fake.now()).toBe(start + 1_000);
    await fake.fetch(url('/v0/zones'), { headers: auth });
    expect([fake.now(), fake.requests.map((r) => r.time)]).toEqual([start + 2_000, [start + 1_000, start + 2_000]]);
    expect(() => fake.advance(-1)).toThrow(RangeError);
    expect(fake.now()).toBe(start + 2_000);
    expect(() => createFakeSFCompute({ timing: { logIntervalMs: 0 } })).toThrow('timing.logIntervalMs must be a whole number, 1 or more');
  });

  it('lets autoAdvanceMs carry a node to running while nodes.waitFor polls', async () => {
    const { sfc } = setup({ autoAdvanceMs: 20_000 });
    const [node] = (await sfc.nodes.create(CREATE)).data;
    const running = await sfc.nodes.waitFor(node!.id, { intervalMs: 1, timeoutMs: 5_000 });
    expect(running.status).toBe('running');
  });
});

describe('fake API: error bodies per operation', () => {
  // Each refusal and injected fault answers the body its operation documents for that status (the
  // token operations have their own `{object: 'error', code}` shape), and passes the spec's validators.
  const cases: { name: string; send: (fake: ReturnType<typeof createFakeSFCompute>) => Promise<unknown>; status: number; body: unknown }[] =
    [
      {
        name: 'listTokens with a bad query: 400 (undocumented there, so no body)',
        send: (fake) => fake.fetch(url('/v0/tokens?include_system=maybe'), { headers: auth }),
        status: 400,
        body: undefined,
      },
      {
        name: 'createToken with a bad body: 400 in the tokens shape',
        send: (fake) =>
          fake.fetch(url('/v0/tokens'), { method: 'POST', headers: auth, body: JSON.stringify({ expires_in_seconds: 'soon' }) }),
        status: 400,
        body: { object: 'error', code: 'token.max_token_limit_reached', message: expect.stringContaining('expires_in_seconds') as unknown },
      },
      {
        name: 'createToken with a body that is not JSON: 400 in the tokens shape',
        send: (fake) => fake.fetch(url('/v0/tokens'), { method: 'POST', headers: auth, body: '{' }),
        status: 400,
        body: { object: 'error', code: 'token.max_token_limit_reached', message: 'The request body is not valid JSON.' },
      },
      {
        name: 'failNext createToken 400',
        send: (fake) => {
          fake.failNext({ operation: 'createToken', status: 400 });
          return fake.fetch(url('/v0/tokens'), { method: 'POST', headers: auth, body: JSON.stringify({ expires_in_seconds: 60 }) });
        },
        status: 400,
        body: { object: 'error', code: 'token.max_token_limit_reached', message: 'Injected failure: the fake answered 400.' },
      },
      {
        name: 'failNext listTokens 404',
        send: (fake) => {
          fake.failNext({ operation: 'listTokens', status: 404 });
          return fake.fetch(url('/v0/tokens'), { headers: auth });
        },
        status: 404,
        body: { object: 'error', code: 'account.not_found', message: 'Injected failure: the fake answered 404.' },
      },
      {
        name: 'createToken without a key: 401 in the tokens shape',
        send: (fake) => fake.fetch(url('/v0/tokens'), { method: 'POST', body: JSON.stringify({ expires_in_seconds: 60 }) }),
        status: 401,
        body: { object: 'error', code: 'account.not_found', message: 'Invalid or expired API token.' },
      },
      {
        name: 'getProcurement with a bad expand: 400 (undocumented there, so no body)',
        send: (fake) => fake.fetch(url('/v2/procurements/proc_abc?expand=everything'), { headers: auth }),
        status: 400,
        body: undefined,
      },
    ];
  it.each(cases)('$name', async ({ send, status, body }) => {
    const fake = createFakeSFCompute();
    await send(fake);
    const [entry] = fake.requests;
    expect(entry!.response).toEqual({ status, body });
    const answer = entry!.response as { status: number; body?: unknown };
    expect(validators.checkResponse(entry!.operation!, answer.status, answer.body)).toEqual([]);
  });
});

describe('fake API: injected faults', () => {
  it('answers the next call with a status and the documented envelope, then behaves again', async () => {
    const { fake, sfc } = setup({}, { maxRetries: 0 });
    fake.failNext({ status: 500 });
    const error = await rejectionOf(sfc.zones.list());
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).body).toMatchObject({ error: { type: 'api_error' } });
    expect((await sfc.zones.list()).data).toHaveLength(1);
  });

  it('answers with the given body and headers, only for the operation named, as many times as asked', async () => {
    const { fake, sfc } = setup();
    fake.failNext({ operation: 'getZone', status: 418, body: { teapot: true }, headers: { 'x-why': 'test' }, times: 2 });
    expect((await sfc.zones.list()).data).toHaveLength(1);
    const first = await fake.fetch(url('/v0/zones/hayesvalley'), { headers: auth });
    expect([first.status, await first.json(), first.headers.get('x-why')]).toEqual([418, { teapot: true }, 'test']);
    expect((await fake.fetch(url('/v0/zones/hayesvalley'), { headers: auth })).status).toBe(418);
    expect((await fake.fetch(url('/v0/zones/hayesvalley'), { headers: auth })).status).toBe(200);
    // The shared after-test check sees the body this test wrote (418 is not documented), and is told to leave it out.
    expect(answerProblems(fake)).toEqual([expect.stringMatching(/^getZone 418: /), expect.stringMatching(/^getZone 418: /)]);
    ownFaultBodies(fake);
    expect(answerProblems(fake)).toEqual([]);
  });

  it('sends a create answered 500 once (it may have bought something), and buys nothing', async () => {
    const { fake, sfc } = setup();
    fake.failNext({ operation: 'createNodes', status: 500 });
    expect(await rejectionOf(sfc.nodes.create(CREATE))).toBeInstanceOf(InternalServerError);
    expect(fake.requests.filter((r) => r.operation === 'createNodes')).toHaveLength(1);
    expect(fake.nodes).toEqual([]);
  });

  it('with processed: true the create happened before the 500: the node exists and is not bought twice', async () => {
    const { fake, sfc } = setup();
    fake.failNext({ operation: 'createNodes', status: 500, processed: true });
    expect(await rejectionOf(sfc.nodes.create(CREATE))).toBeInstanceOf(InternalServerError);
    expect(fake.nodes).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a get answered 503 and returns the node', async () => {
    const { fake, sfc } = setup({ nodes: [{ id: 'n_1' }] });
    fake.failNext({ operation: 'getNode', status: 503 });
    expect((await sfc.nodes.get('n_1')).id).toBe('n_1');
    expect(fake.requests.map((r) => ('status' in r.response ? r.response.status : r.response))).toEqual([503, 200]);
  });

  it('gives up on a get answered 503 more often than the retry budget allows', async () => {
    const { fake, sfc } = setup({ nodes: [{ id: 'n_1' }] }, { maxRetries: 1 });
    fake.failNext({ operation: 'getNode', status: 503, times: 5 });
    expect(await rejectionOf(sfc.nodes.get('n_1'))).toMatchObject({ status: 503 });
    expect(await rejectionOf(sfc.nodes.get('n_1'))).toBeInstanceOf(APIError);
    expect(fake.requests).toHaveLength(4);
  });

  it.each([
    ['refused', 2, 1],
    ['reset', 1, 0],
  ] as const)('a create whose connection was %s is sent %i time(s)', async (network, sent, nodes) => {
    const { fake, sfc } = setup();
    fake.failNext({ operation: 'createNodes', network });
    if (nodes === 1) await sfc.nodes.create(CREATE);
    else expect(await rejectionOf(sfc.nodes.create(CREATE))).toBeInstanceOf(ConnectionError);
    expect(fake.requests.filter((r) => r.operation === 'createNodes')).toHaveLength(sent);
    expect(fake.nodes).toHaveLength(nodes);
  });

  it('retries a get whose connection was reset', async () => {
    const { fake, sfc } = setup({ nodes: [{ id: 'n_1' }] });
    fake.failNext({ network: 'reset' });
    expect((await sfc.nodes.get('n_1')).id).toBe('n_1');
    expect(fake.requests[0]!.response).toEqual({ network: 'reset' });
  });

  it('hangs until the client times out', async () => {
    const { fake, sfc } = setup({}, { timeoutMs: 50, maxRetries: 0 });
    fake.failNext({ hang: true });
    const error = await rejectionOf(sfc.zones.list());
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(fake.requests[0]!.response).toEqual({ hang: true });
  });

  it('drops faults not used yet on clearFaults, and refuses times below 1', async () => {
    const { fake, sfc } = setup();
    fake.failNext({ status: 500, times: 3 });
    fake.clearFaults();
    expect((await sfc.zones.list()).data).toHaveLength(1);
    expect(() => fake.failNext({ status: 500, times: 0 })).toThrow(RangeError);
  });
});
