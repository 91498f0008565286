import { describe, expect, it, vi } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  GoneError,
  ConnectionError,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  RequestAbortedError,
  RequestTimeoutError,
  SFComputeError,
  UnprocessableEntityError,
  ValidationError,
  ConfigurationError,
  NodeStateError,
  NoQuoteError,
  ResponseValidationError,
  WaitTimeoutError,
  createAPIError,
} from '../../src/index.js';
import { NODE, clientWith, hangUntilAborted, json, rejectionOf, stalledBody } from './fake-fetch.js';
import type { ErrorDetail } from '../../src/types.js';

const envelope = (type: string, message: string, details?: unknown[]) => ({
  error: { type, message, ...(details ? { details } : {}) },
});

describe('HTTP errors map to one class per status', () => {
  it.each([
    // The last column: the message's bracket, the attempts named when a get was retried (twice by default).
    [400, BadRequestError, 'invalid_request_error', '[request id req_123]'],
    [401, AuthenticationError, 'authentication_error', '[request id req_123]'],
    [402, PaymentRequiredError, 'payment_required', '[request id req_123]'],
    [403, PermissionDeniedError, 'forbidden', '[request id req_123]'],
    [404, NotFoundError, 'not_found', '[request id req_123]'],
    [409, ConflictError, 'conflict', '[request id req_123]'],
    [422, UnprocessableEntityError, 'unprocessable_entity', '[request id req_123]'],
    [429, RateLimitError, 'api_error', '[request id req_123; 3 attempts]'],
    [500, InternalServerError, 'api_error', '[request id req_123; 3 attempts]'],
    [502, InternalServerError, 'api_error', '[request id req_123; 3 attempts]'],
    [503, InternalServerError, 'service_unavailable', '[request id req_123; 3 attempts]'],
    [410, GoneError, 'gone', '[request id req_123]'],
    [418, APIError, 'api_error', '[request id req_123]'],
  ])('%i becomes %o carrying the envelope', async (status, ErrorClass, type, bracket) => {
    const details = [{ field: 'duration_seconds', code: 'bad', message: 'too short' }];
    const body = envelope(type, `failure ${status}`, details);
    const { sfc } = clientWith(() => json(status, body, { 'x-request-id': 'req_123' }));
    const error = await rejectionOf(sfc.nodes.get('n_1'));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(SFComputeError);
    expect((error as Error).constructor).toBe(ErrorClass);
    expect(error).toMatchObject({
      name: ErrorClass.name,
      status,
      type,
      message: `${status} GET /v1/nodes/{id} (getNode): failure ${status} ${bracket}`,
      operation: 'getNode',
      method: 'GET',
      path: '/v1/nodes/{id}',
      details,
      requestId: 'req_123',
      body,
    });
    expect((error as APIError).headers.get('content-type')).toBe('application/json');
  });

  it('reads the request id from request-id when x-request-id is absent', () => {
    const error = createAPIError({ status: 404, headers: new Headers({ 'request-id': 'abc' }) }, envelope('not_found', 'gone'));
    expect(error.requestId).toBe('abc');
    const none = createAPIError({ status: 404, headers: new Headers() }, envelope('not_found', 'gone'));
    expect(none.requestId).toBeUndefined();
  });

  it('turns an HTML page from a proxy into a typed error with a readable message', async () => {
    const page = '<html><head><title>502</title><style>body{}</style></head><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>';
    const { sfc } = clientWith(
      () => new Response(page, { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } }),
    );
    const error = (await rejectionOf(sfc.nodes.list())) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.type).toBeUndefined();
    expect(error.body).toBe(page);
    expect(error.message).toBe(
      "502 GET /v1/nodes (listNodes): HTTP 502 Bad Gateway (text/html, not the API's error envelope): 502 502 Bad Gateway nginx [3 attempts]",
    );
  });

  it('shortens a long non-JSON body in the message but keeps it whole in body', async () => {
    const text = 'x'.repeat(5_000);
    const { sfc } = clientWith(() => new Response(text, { status: 400, headers: { 'content-type': 'text/plain' } }));
    const error = (await rejectionOf(sfc.nodes.list())) as APIError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message.length).toBeLessThan(300);
    expect(error.body).toBe(text);
  });

  it('says so when an error response has an empty body', async () => {
    const { sfc } = clientWith(() => new Response(null, { status: 404, statusText: 'Not Found' }));
    const error = (await rejectionOf(sfc.nodes.get('n_1'))) as APIError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('404 GET /v1/nodes/{id} (getNode): HTTP 404 Not Found with an empty body');
  });

  it('does not mistake JSON without the envelope for an API error message', async () => {
    const { sfc } = clientWith(() => json(500, { message: 'upstream timeout' }));
    const error = (await rejectionOf(sfc.nodes.list())) as APIError;
    expect(error.type).toBeUndefined();
    expect(error.message).toContain('{"message":"upstream timeout"}');
  });
});

describe('createAPIError with odd bodies', () => {
  const headers = new Headers({ 'content-type': 'application/json' });

  it.each([
    ['null', null, "HTTP 500 (application/json, not the API's error envelope): null"],
    ['an array', [1, 2], "HTTP 500 (application/json, not the API's error envelope): [1,2]"],
    ['a number', 42, "HTTP 500 (application/json, not the API's error envelope): 42"],
    ['a JSON string', 'down for maintenance', "HTTP 500 (application/json, not the API's error envelope): down for maintenance"],
    ['blank text', '  \n ', 'HTTP 500 (application/json) with a blank body'],
  ])('describes %s without the envelope', (_kind, body, message) => {
    const error = createAPIError({ status: 500, headers }, body);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe(message);
    expect(error.body).toBe(body);
  });

  it('never throws, even on a circular body', () => {
    const body: Record<string, unknown> = {};
    body.self = body;
    expect(createAPIError({ status: 400, headers }, body).message).toContain('[object Object]');
    expect(createAPIError({ status: 400, headers }, { n: 10n }).message).toContain('[object Object]');
  });

  it('keeps the type of an envelope whose message is missing or not a string', () => {
    const error = createAPIError({ status: 404, headers }, { error: { type: 'not_found', message: 42 } });
    expect(error).toMatchObject({ type: 'not_found', message: 'The API answered with error type not_found and no message' });
  });

  it.each([
    ['the envelope', { error: { type: 'not_found', message: 'inherited' } }],
    ['the unwrapped fields', { type: 'not_found', message: 'inherited' }],
    ["the token operations' fields", { object: 'error', code: 'not_found', message: 'inherited' }],
    ['the fields inside the envelope', null],
  ])('reads only own fields: %s on a prototype are not the envelope', (_case, inherited) => {
    const body =
      inherited === null
        ? { error: Object.create({ type: 'not_found', message: 'inherited' }) as object }
        : (Object.create(inherited) as object);
    const error = createAPIError({ status: 404, headers }, body);
    expect(error.type).toBeUndefined();
    expect(error.message).not.toContain('inherited');
  });

  it('keeps only object entries of details', () => {
    const detail = { field: null, code: 'x', message: 'y' };
    const error = createAPIError(
      { status: 422, headers },
      { error: { type: 'unprocessable_entity', message: 'm', details: [null, 3, detail] } },
    );
    expect(error.details).toEqual([detail]);
  });
});

describe('failures without an HTTP error', () => {
  it('wraps a network failure in ConnectionError with the cause', async () => {
    const cause = Object.assign(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }), {
      code: 'ECONNREFUSED',
    });
    const { sfc } = clientWith(() => {
      throw cause;
    });
    const error = (await rejectionOf(sfc.nodes.list())) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.responseStatus).toBeUndefined();
    expect(error.message).toBe(
      'GET /v1/nodes (listNodes) to api.test:443: Connection failed before a response arrived: fetch failed (ECONNREFUSED)',
    );
    expect(error).toMatchObject({ operation: 'listNodes', method: 'GET', path: '/v1/nodes', attempts: 1 });
    // The cause is a masked copy: same class, message, code and cause chain, nothing else.
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.cause).toMatchObject({ message: 'fetch failed', code: 'ECONNREFUSED' });
    expect((error.cause as Error).cause).toMatchObject({ message: 'connect ECONNREFUSED 127.0.0.1:1' });
  });

  it('throws MalformedResponseError for a 200 whose body is not JSON', async () => {
    const { sfc } = clientWith(
      () => new Response('{"object":"node",', { status: 200, headers: { 'content-type': 'application/json', 'x-request-id': 'r1' } }),
    );
    const error = (await rejectionOf(sfc.nodes.get('n_1'))) as MalformedResponseError;
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ status: 200, requestId: 'r1' });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('throws MalformedResponseError for an empty 200 where JSON was expected', async () => {
    const { sfc } = clientWith(() => new Response('', { status: 200 }));
    const error = await rejectionOf(sfc.nodes.extend('n_1', { duration_seconds: 3600, max_price_per_node_hour: 200 }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toBe(
      '200 PATCH /v1/nodes/{id}/extend (extendNode): the response has an empty body where a JSON object was expected',
    );
  });

  it('throws RequestTimeoutError when the server does not answer within timeoutMs', async () => {
    const { sfc } = clientWith(hangUntilAborted);
    const error = (await rejectionOf(sfc.nodes.list(undefined, { timeoutMs: 20 }))) as RequestTimeoutError;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.timeoutMs).toBe(20);
  });

  it('times out even when fetch never notices the abort signal', async () => {
    // What a Request whose signal was disconnected by the garbage collector looks like.
    const { sfc } = clientWith(() => new Promise<Response>(() => {}));
    const error = await rejectionOf(sfc.nodes.get('n_1', { timeoutMs: 20 }));
    expect(error).toBeInstanceOf(RequestTimeoutError);
  });

  it('aborts even when fetch never notices the abort signal', async () => {
    const { sfc } = clientWith(() => new Promise<Response>(() => {}));
    const error = await rejectionOf(sfc.nodes.get('n_1', { signal: AbortSignal.timeout(10) }));
    expect(error).toBeInstanceOf(RequestAbortedError);
  });

  it('throws RequestTimeoutError when the body stalls after the headers', async () => {
    const { sfc } = clientWith((request) => stalledBody(request, 200));
    const error = await rejectionOf(sfc.nodes.get('n_1', { timeoutMs: 30 }));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).responseStatus).toBe(200);
  });

  it('says the server had answered when the body of a 201 times out', async () => {
    const { sfc } = clientWith((request) => stalledBody(request, 201));
    const error = (await rejectionOf(
      sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, any_zone: true }, { timeoutMs: 30 }),
    )) as RequestTimeoutError;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.responseStatus).toBe(201);
    expect(error.message).toBe(
      'POST /v1/nodes (createNodes) to api.test:443: Request timed out after 30 ms, once the server had answered 201 (the request may have taken effect)',
    );
  });

  it('says the server had answered when the body of a 200 is cut off', async () => {
    const { sfc } = clientWith(() => {
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"object":'));
          setTimeout(() => controller.error(new TypeError('terminated')), 5);
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const error = (await rejectionOf(sfc.nodes.extend('n_1', { duration_seconds: 3600, max_price_per_node_hour: 200 }))) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(RequestTimeoutError);
    expect(error.responseStatus).toBe(200);
    expect(error.message).toContain('(the request may have taken effect)');
  });

  it('reports an abort as RequestAbortedError whatever reason the caller gave', async () => {
    const { sfc } = clientWith(hangUntilAborted);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new RequestTimeoutError(5)), 5);
    const error = (await rejectionOf(sfc.nodes.list(undefined, { signal: controller.signal }))) as RequestAbortedError;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error.responseStatus).toBeUndefined();
  });

  it('refuses a signal that is not an AbortSignal, before sending or arming a timer', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    try {
      const { sfc, requests } = clientWith(() => json(200, NODE));
      const notASignal = new AbortController() as unknown as AbortSignal;
      const error = (await rejectionOf(sfc.nodes.get('n_1', { signal: notASignal }))) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues[0]!.path).toBe('/options/signal');
      expect(requests).toHaveLength(0);
      expect(setTimeoutSpy).not.toHaveBeenCalled();
    } finally {
      setTimeoutSpy.mockRestore();
    }
  });

  it('clears its timer and removes its abort listener when a call ends', async () => {
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout');
    const controller = new AbortController();
    const removeSpy = vi.spyOn(controller.signal, 'removeEventListener');
    try {
      const { sfc } = clientWith(() => json(200, NODE));
      await sfc.nodes.get('n_1', { signal: controller.signal });
      expect(clearSpy).toHaveBeenCalledTimes(1);
      expect(clearSpy.mock.calls[0]![0]).toBeDefined();
      expect(removeSpy).toHaveBeenCalledWith('abort', expect.any(Function));
    } finally {
      clearSpy.mockRestore();
    }
  });

  it.each([
    ['null', 'null', 'null'],
    ['an array', '[]', 'an array'],
    ['a string', '"ok"', 'a string'],
    ['a number', '42', 'a number'],
  ])('throws MalformedResponseError for a 200 whose body is %s', async (_kind, body, described) => {
    const { sfc } = clientWith(() => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
    const error = await rejectionOf(sfc.nodes.get('n_1'));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toBe(
      `200 GET /v1/nodes/{id} (getNode): the response has ${described} where a JSON object was expected`,
    );
  });

  it("throws RequestAbortedError when the caller's signal fires mid-request", async () => {
    const controller = new AbortController();
    const { sfc, requests } = clientWith((request) => {
      setTimeout(() => controller.abort(new Error('user gave up')), 5);
      return hangUntilAborted(request);
    });
    const error = (await rejectionOf(sfc.nodes.list(undefined, { signal: controller.signal }))) as RequestAbortedError;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error.cause as Error).message).toBe('user gave up');
    expect(requests).toHaveLength(1);
  });

  it('sends nothing when the signal has already fired', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const error = await rejectionOf(sfc.nodes.release('n_1', { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(requests).toHaveLength(0);
  });
});

describe('toJSON', () => {
  const call = { name: 'X', message: 'm', operation: undefined, method: undefined, path: undefined, attempts: 0 };
  const info = { status: 404, headers: new Headers({ 'x-request-id': 'req_1' }), requestId: 'req_1' };
  const issues = [{ path: '/id', rule: 'a non-empty string', value: '' }];
  const node = { id: 'n_1', status: 'failed' };

  it.each<[string, SFComputeError, Record<string, unknown>]>([
    ['SFComputeError', new SFComputeError('m'), {}],
    ['ConfigurationError', new ConfigurationError('m'), {}],
    ['ValidationError', new ValidationError(issues), { issues }],
    [
      'APIError',
      new NotFoundError('m', { ...info, type: 'not_found', details: [], body: { secret: 1 } }),
      { status: 404, type: 'not_found', details: [], requestId: 'req_1', retryAfterMs: undefined },
    ],
    [
      'ConnectionError',
      new ConnectionError('m', { responseStatus: 200, code: 'ECONNRESET', cause: new Error('c') }),
      { responseStatus: 200, code: 'ECONNRESET' },
    ],
    ['RequestAbortedError', new RequestAbortedError('m'), { responseStatus: undefined, code: undefined }],
    [
      'RequestTimeoutError',
      new RequestTimeoutError(5, { scope: 'deadline' }),
      { responseStatus: undefined, code: undefined, timeoutMs: 5, scope: 'deadline' },
    ],
    ['MalformedResponseError', new MalformedResponseError('m', info), { status: 404, requestId: 'req_1' }],
    [
      'ResponseValidationError',
      new ResponseValidationError('getNode', info, issues, { secret: 1 }),
      { operation: 'getNode', status: 404, issues, requestId: 'req_1' },
    ],
    [
      'WaitTimeoutError',
      new WaitTimeoutError('n_1', ['running'], 'pending', 10),
      { nodeId: 'n_1', wanted: ['running'], lastStatus: 'pending', timeoutMs: 10 },
    ],
    ['NodeStateError', new NodeStateError('n_1', ['running'], 'failed', node), { nodeId: 'n_1', wanted: ['running'], status: 'failed' }],
    ['NoQuoteError', new NoQuoteError('no_availability'), { reason: 'no_availability' }],
  ])('of %s holds the call, the message and its own fields, never headers, body or node', (_name, error, own) => {
    const json = error.toJSON();
    expect(json).toStrictEqual({ ...call, name: error.name, message: error.message, ...own });
    expect(Object.keys(json).slice(0, 6)).toEqual(['name', 'message', 'operation', 'method', 'path', 'attempts']);
    expect(Object.keys(json)).not.toContain('headers');
    expect(Object.keys(json)).not.toContain('body');
    expect(Object.keys(json)).not.toContain('node');
    expect(JSON.parse(JSON.stringify(error))).toEqual(JSON.parse(JSON.stringify(json)));
  });

  it.each([
    ['nested 100,000 deep', () => JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown],
    ['a bigint', () => 10n],
    [
      'a cycle',
      () => {
        const loop: Record<string, unknown> = {};
        loop.self = loop;
        return loop;
      },
    ],
  ])('never throws for a field JSON cannot write (%s): that field is named as not shown, the rest stays', (_what, value) => {
    const error = new NotFoundError('m', {
      ...info,
      type: 'not_found',
      details: [{ field: 'id', code: 'c', message: 'm', deep: value() } as ErrorDetail],
      body: {},
    });
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({ name: 'NotFoundError', message: 'm', status: 404, type: 'not_found', requestId: 'req_1' });
    expect(json.details).toBe('[not shown: it cannot be written as JSON]');
    const issue = new ValidationError([{ path: '/x', rule: 'r', value: value() }]);
    expect((JSON.parse(JSON.stringify(issue)) as Record<string, unknown>).issues).toBe('[not shown: it cannot be written as JSON]');
  });
});
