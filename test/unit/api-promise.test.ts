// Every resource method returns an APIPromise: `await` gives the data as before, and
// `withResponse()` / `asResponse()` give the response of the same request, never a second one.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { APIPromise, NotFoundError, type Node, type WithResponse } from '../../src/index.js';
import { NODE, clientWith, json, rejectionOf } from './fake-fetch.js';

const withId = () => json(200, NODE, { 'x-request-id': 'req_42', 'x-extra': 'yes' });

describe('APIPromise', () => {
  it('awaits to the data, as a Promise', async () => {
    const { sfc, requests } = clientWith(withId);
    const pending = sfc.nodes.get('n_1');
    expect(pending).toBeInstanceOf(Promise);
    expect(pending).toBeInstanceOf(APIPromise);
    expect(await pending).toEqual(NODE);
    expect(requests).toHaveLength(1);
  });

  it('gives the data, a readable Response and the request id, from the one request', async () => {
    const { sfc, requests } = clientWith(withId);
    const pending = sfc.nodes.get('n_1');
    const { data, response, requestId } = await pending.withResponse();
    expect(data).toEqual(NODE);
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.headers.get('x-extra'), requestId]).toEqual([200, 'yes', 'req_42']);
    expect(await response.json()).toEqual(NODE);
    // Awaiting, or asking again, sends nothing more.
    expect(await pending).toEqual(NODE);
    expect((await pending.asResponse()).status).toBe(200);
    expect(requests).toHaveLength(1);
  });

  it('gives no request id when the API sent none, and an empty response for a delete', async () => {
    const { sfc } = clientWith(() => new Response(null, { status: 204 }));
    const { data, response, requestId } = await sfc.nodes.delete('n_1').withResponse();
    expect([data, response.status, requestId]).toEqual([undefined, 204, undefined]);
  });

  it('rejects withResponse, asResponse, then, catch and finally with the same typed error', async () => {
    const { sfc, requests } = clientWith(() => json(404, { error: { type: 'not_found', message: 'Node n_x not found' } }));
    const pending = sfc.nodes.get('n_x');
    const errors = await Promise.all([
      rejectionOf(pending.withResponse()),
      rejectionOf(pending.asResponse()),
      rejectionOf(pending),
      pending.catch((e: unknown) => e),
      rejectionOf(pending.finally(() => undefined)),
    ]);
    for (const error of errors) expect(error).toBeInstanceOf(NotFoundError);
    expect(new Set(errors).size).toBe(1);
    expect(requests).toHaveLength(1);
  });

  it('turns an input error thrown before sending into a rejection', async () => {
    const { sfc, requests } = clientWith();
    const pending = sfc.nodes.list({ id: ['n_1'], type: 'reserved' });
    expect((await rejectionOf(pending.withResponse())) as Error).toHaveProperty('name', 'ValidationError');
    expect(requests).toHaveLength(0);
  });

  it('is typed per method', () => {
    const { sfc } = clientWith();
    const pending = sfc.nodes.get('n_1');
    expectTypeOf(pending).toEqualTypeOf<APIPromise<Node>>();
    expectTypeOf(pending.withResponse()).toEqualTypeOf<Promise<WithResponse<Node>>>();
    expectTypeOf(pending.asResponse()).toEqualTypeOf<Promise<Response>>();
    pending.catch(() => undefined);
  });
});
