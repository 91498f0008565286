import { describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
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
  createAPIError,
} from '../../src/index.js';
import { NODE, clientWith, hangUntilAborted, json, rejectionOf } from './fake-fetch.js';

const envelope = (type: string, message: string, details?: unknown[]) => ({
  error: { type, message, ...(details ? { details } : {}) },
});

describe('HTTP errors map to one class per status', () => {
  it.each([
    [400, BadRequestError, 'invalid_request_error'],
    [401, AuthenticationError, 'authentication_error'],
    [402, PaymentRequiredError, 'payment_required'],
    [403, PermissionDeniedError, 'forbidden'],
    [404, NotFoundError, 'not_found'],
    [409, ConflictError, 'conflict'],
    [422, UnprocessableEntityError, 'unprocessable_entity'],
    [429, RateLimitError, 'api_error'],
    [500, InternalServerError, 'api_error'],
    [502, InternalServerError, 'api_error'],
    [503, InternalServerError, 'service_unavailable'],
    [410, APIError, 'gone'],
    [418, APIError, 'api_error'],
  ])('%i becomes %o carrying the envelope', async (status, ErrorClass, type) => {
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
      message: `failure ${status}`,
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
    expect(error.message).toBe("HTTP 502 Bad Gateway (text/html, not the API's error envelope): 502 502 Bad Gateway nginx");
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
    expect(error.message).toBe('HTTP 404 Not Found with an empty body');
  });

  it('does not mistake JSON without the envelope for an API error message', async () => {
    const { sfc } = clientWith(() => json(500, { message: 'upstream timeout' }));
    const error = (await rejectionOf(sfc.nodes.list())) as APIError;
    expect(error.type).toBeUndefined();
    expect(error.message).toContain('{"message":"upstream timeout"}');
  });
});

describe('failures without an HTTP error', () => {
  it('wraps a network failure in ConnectionError with the cause', async () => {
    const cause = new TypeError('fetch failed');
    const { sfc } = clientWith(() => {
      throw cause;
    });
    const error = (await rejectionOf(sfc.nodes.list())) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('Connection failed before a response arrived: fetch failed');
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
    expect((error as Error).message).toBe('HTTP 200 arrived with an empty body where JSON was expected');
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
    const { sfc } = clientWith((request) => {
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"object":'));
          if (request.signal.aborted) controller.error(request.signal.reason);
          request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const error = await rejectionOf(sfc.nodes.get('n_1', { timeoutMs: 30 }));
    expect(error).toBeInstanceOf(RequestTimeoutError);
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
