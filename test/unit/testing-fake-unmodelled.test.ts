// Operations the fake API does not model, and answers a test gives it (`fake.on`): a read answers
// the spec's example, anything else 501 naming the operation; a handler answers in place of the
// model, is handed the checked request and the fake's time, and is held to the spec itself.
import { describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../generated/example-answers.js';
import { APIError, BadRequestError, SFCompute, validators, type Node } from '../../src/index.js';
import { handlers } from '../../src/testing/fake/handlers.js';
import type { HandlerTable } from '../../src/testing/handler.js';
import { createFakeSFCompute, fakeWithModel, type FakeCall, type FakeSFCompute } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const CREATE = { desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' };

/** The fake's model without the named operations, as if the spec had grown them since. */
function without(...operations: string[]): HandlerTable {
  return Object.fromEntries(Object.entries(handlers).filter(([id]) => !operations.includes(id)));
}

function client(fake: FakeSFCompute) {
  return new SFCompute({ apiKey: 'test-key', fetch: fake.fetch, validators, validateResponses: true, retryBaseDelayMs: 0 });
}

const node = (id: string): Node => ({
  object: 'node',
  id,
  name: 'mine',
  gpu_type: 'H100',
  owner: 'me',
  status: 'running',
  node_type: 'reserved',
});

describe('fake API: an operation it does not model', () => {
  it('answers a read with the spec example of its success, valid against the spec, and records it as not modelled', async () => {
    const fake = fakeWithModel(without('getNode'));
    const sfc = client(fake);
    const answer = await sfc.nodes.get('n_anything');
    expect(answer).toEqual(exampleAnswers.getNode!.body);
    expect(validators.checkResponse('getNode', 200, answer)).toEqual([]);
    await sfc.zones.list();
    expect(fake.requests.map((r) => [r.operation, r.modelled, 'status' in r.response && r.response.status])).toEqual([
      ['getNode', false, 200],
      ['listZones', true, 200],
    ]);
  });

  it('answers a create 501 naming the operation and fake.on, and buys nothing', async () => {
    const fake = fakeWithModel(without('createNodes'));
    const error = await rejectionOf(client(fake).nodes.create(CREATE));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(501);
    expect((error as APIError).message).toContain('createNodes');
    expect((error as APIError).message).toContain("fake.on('createNodes'");
    expect(fake.requests).toHaveLength(1); // 501 is not retried
    expect(fake.requests[0]!.modelled).toBe(false);
    expect([fake.nodes, fake.balanceCents]).toEqual([[], 1_000_000]);
  });

  it('still checks the key and the request first', async () => {
    const fake = fakeWithModel(without('createNodes'));
    const bad = await fake.fetch('https://api.sfcompute.com/v1/nodes', {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ desired_count: 0, max_price_per_node_hour: 1 }),
    });
    expect(bad.status).toBe(400);
    expect((await fake.fetch('https://api.sfcompute.com/v0/zones')).status).toBe(401);
  });
});

describe('fake API: fake.on', () => {
  it('answers in place of the model, with the checked request and the fake clock, until removed', async () => {
    const fake = createFakeSFCompute();
    const sfc = client(fake);
    const calls: FakeCall[] = [];
    const off = fake.on('getNode', (call) => {
      calls.push(call);
      return { status: 200, body: node(call.path.id!), headers: { 'x-from': 'test' } };
    });
    fake.advance(5_000);
    const { data, response } = await sfc.nodes.get('n_mine').withResponse();
    expect([data, response.headers.get('x-from')]).toEqual([node('n_mine'), 'test']);
    expect(calls).toEqual([{ operation: 'getNode', path: { id: 'n_mine' }, query: {}, body: undefined, now: fake.now() }]);
    expect(fake.requests[0]!.modelled).toBe(false);
    off();
    expect(((await rejectionOf(sfc.nodes.get('n_mine'))) as APIError).status).toBe(404);
    expect(fake.requests[1]!.modelled).toBe(true);
  });

  it('answers an operation the fake does not model, and receives its query and body', async () => {
    const fake = fakeWithModel(without('createNodes', 'listNodes'));
    const sfc = client(fake);
    const seen: unknown[] = [];
    fake.on('createNodes', ({ body }) => {
      seen.push(body);
      return { status: 201, body: { object: 'list', data: [node('n_made')] } };
    });
    fake.on('listNodes', ({ query }) => {
      seen.push(query);
      return { status: 200, body: { object: 'list', data: [] } };
    });
    expect((await sfc.nodes.create(CREATE)).data.map((n) => n.id)).toEqual(['n_made']);
    expect((await sfc.nodes.list({ name: ['a'] })).data).toEqual([]);
    expect(seen).toEqual([CREATE, { name: ['a'] }]);
  });

  it('answers 501 with the reason when the handler answers what the spec does not accept', async () => {
    const fake = createFakeSFCompute();
    fake.on('getNode', () => ({ status: 200, body: { object: 'node', id: 42 } }));
    const error = (await rejectionOf(client(fake).nodes.get('n_1'))) as APIError;
    expect(error.status).toBe(501);
    expect(error.message).toContain("fake.on('getNode') answered 200");
    expect(error.message).toContain('/id must be');
    fake.on('getNode', () => ({ status: 418 }));
    expect(((await rejectionOf(client(fake).nodes.get('n_1'))) as APIError).status).toBe(418);
  });

  it('is not called for a request the spec refuses, and refuses a name that is no operation', async () => {
    const fake = createFakeSFCompute();
    let called = 0;
    fake.on('createNodes', () => {
      called += 1;
      return { status: 201, body: { object: 'list', data: [] } };
    });
    const sfc = new SFCompute({ apiKey: 'k', fetch: fake.fetch, validateRequests: false });
    expect(await rejectionOf(sfc.nodes.create({ ...CREATE, desired_count: 0 }))).toBeInstanceOf(BadRequestError);
    expect(called).toBe(0);
    expect(() => fake.on('getNodes' as never, () => ({ status: 200 }))).toThrow('getNodes is no operationId');
  });
});
