// errors/call-context.ts: every error of a call names the status (when there was one), the
// method, the path template and the operation, the host and port of a connection that failed, the
// request id and the attempts when there were several; the key never.
import { describe, expect, it } from 'vitest';
import { type CallContext, describeCall, hostAndPort, withCallContext } from '../../src/errors/call-context.js';
import { replaceMessage } from '../../src/errors/base.js';
import { finishError } from '../../src/core/finish-error.js';
import { APIError, ConnectionError, NotFoundError, RequestTimeoutError, SFComputeError, ValidationError } from '../../src/index.js';
import { KEY, clientWith, hangUntilAborted, json, rejectionOf } from './fake-fetch.js';

const getNode: CallContext = {
  operation: 'getNode',
  method: 'GET',
  path: '/v1/nodes/{id}',
  url: 'https://api.test/v1/nodes/n_x',
  attempts: 1,
};

describe('describeCall', () => {
  it.each([
    [
      'an API error',
      getNode,
      { status: 404, requestId: 'req_1' },
      '404 GET /v1/nodes/{id} (getNode): Node n_x not found [request id req_1]',
    ],
    ['without a request id', getNode, { status: 404 }, '404 GET /v1/nodes/{id} (getNode): Node n_x not found'],
    [
      'after three attempts',
      { ...getNode, attempts: 3 },
      { status: 503, requestId: 'r' },
      '503 GET /v1/nodes/{id} (getNode): Node n_x not found [request id r; 3 attempts]',
    ],
    [
      'a connection that failed',
      { ...getNode, attempts: 2 },
      { host: 'api.test:443' },
      'GET /v1/nodes/{id} (getNode) to api.test:443: Node n_x not found [2 attempts]',
    ],
    ['refused before sending', { ...getNode, attempts: 0 }, {}, 'GET /v1/nodes/{id} (getNode): Node n_x not found'],
    ['an unnamed raw request', { ...getNode, operation: undefined, path: undefined }, { host: 'h:1' }, 'GET to h:1: Node n_x not found'],
    ['nothing known', { operation: undefined, method: undefined, path: undefined, url: undefined, attempts: 1 }, {}, 'Node n_x not found'],
    [
      'only the operation',
      { operation: 'getNode', method: undefined, path: undefined, url: undefined, attempts: 1 },
      {},
      'getNode: Node n_x not found',
    ],
  ])('%s', (_case, context, facts, expected) => {
    expect(describeCall('Node n_x not found', context, facts)).toBe(expected);
  });
});

describe('hostAndPort', () => {
  it.each([
    ['https://api.sfcompute.com/v1/nodes', 'api.sfcompute.com:443'],
    ['http://127.0.0.1/v1', '127.0.0.1:80'],
    ['http://localhost:4010/v1/nodes?id=x', 'localhost:4010'],
    ['ftp://files.test/a', 'files.test'],
    ['not a url', undefined],
  ])('%s → %s', (url, expected) => {
    expect(hostAndPort(url)).toBe(expected);
  });
});

describe('replaceMessage', () => {
  it.each([
    ['a message with $& and $$', 'Node $& not found $$x'],
    ['a message that appears in the class name', 'Error'],
    ['an empty message', ''],
    ['a message of two lines', 'first line\nsecond line'],
  ])('rewrites the first line of the stack exactly, for %s', (_case, before) => {
    const error = new NotFoundError(before, { status: 404, headers: new Headers(), requestId: undefined, body: undefined });
    const rest = error.stack!.slice(error.stack!.indexOf('\n    at '));
    replaceMessage(error, `404 GET /v1/nodes/{id} (getNode): ${before}`);
    expect(error.message).toBe(`404 GET /v1/nodes/{id} (getNode): ${before}`);
    expect(error.stack).toBe(`NotFoundError: 404 GET /v1/nodes/{id} (getNode): ${before}${rest}`);
  });

  it('leaves a stack that does not start with the name and message as it is', () => {
    const error = new SFComputeError('odd');
    error.stack = 'custom stack';
    replaceMessage(error, 'new');
    expect([error.message, error.stack]).toEqual(['new', 'custom stack']);
  });
});

describe('withCallContext', () => {
  it('sets the fields, rewrites the message and the stack, and finishError does it once', () => {
    const error = new NotFoundError('Node n_x not found', { status: 404, headers: new Headers(), requestId: 'req_1', body: undefined });
    const call = { ...getNode, operation: 'getNode', options: undefined } as const;
    expect(finishError(error, call)).toBe(error);
    finishError(error, { ...call, operation: 'listNodes', attempts: 9, note: 'a note' });
    expect(error).toMatchObject({ operation: 'getNode', method: 'GET', path: '/v1/nodes/{id}', attempts: 1 });
    expect(error.message).toBe('404 GET /v1/nodes/{id} (getNode): Node n_x not found [request id req_1]');
    expect(error.stack?.split('\n')[0]).toBe(`NotFoundError: ${error.message}`);
    expect(error.toJSON()).toMatchObject({ operation: 'getNode', method: 'GET', path: '/v1/nodes/{id}', status: 404 });
  });

  it('names the host only for a connection that failed', () => {
    const connection = withCallContext(new ConnectionError('reset'), getNode);
    expect(connection.message).toBe('GET /v1/nodes/{id} (getNode) to api.test:443: reset');
    const plain = withCallContext(new SFComputeError('odd'), getNode);
    expect(plain.message).toBe('GET /v1/nodes/{id} (getNode): odd');
  });
});

describe('through the client', () => {
  it('a connection refused three times names the host, the port and the attempts, never the key', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { code: 'ECONNREFUSED', syscall: 'connect' });
    const { sfc, requests } = clientWith(() => {
      throw refused;
    });
    const error = (await rejectionOf(sfc.nodes.get('n_x'))) as ConnectionError;
    expect(requests).toHaveLength(3);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(
      'GET /v1/nodes/{id} (getNode) to api.test:443: Connection failed before a response arrived: fetch failed (ECONNREFUSED) [3 attempts]',
    );
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(error.stack).not.toContain(KEY);
  });

  it('a timeout names the call and the limit', async () => {
    const { sfc } = clientWith(hangUntilAborted);
    const error = (await rejectionOf(sfc.nodes.list(undefined, { timeoutMs: 20, maxRetries: 0 }))) as RequestTimeoutError;
    expect(error.message).toBe('GET /v1/nodes (listNodes) to api.test:443: Request timed out after 20 ms');
  });

  it('a 404 reads as the issue asks: status, method, path template, operation, message, request id', async () => {
    const { sfc } = clientWith(() =>
      json(404, { error: { type: 'not_found', message: 'Node n_x not found' } }, { 'x-request-id': 'req_9' }),
    );
    const error = (await rejectionOf(sfc.nodes.get('n_x'))) as APIError;
    expect(error.message).toBe('404 GET /v1/nodes/{id} (getNode): Node n_x not found [request id req_9]');
    expect(error.path).toBe('/v1/nodes/{id}');
    expect(error.stack!.split('\n')[0]).toBe(`NotFoundError: ${error.message}`);
  });

  it('a note on why retrying stopped shows once, in the message and in the stack', async () => {
    const { sfc } = clientWith(() => json(429, { error: { type: 'api_error', message: 'slow down' } }, { 'retry-after': '120' }));
    const error = (await rejectionOf(sfc.nodes.get('n_x'))) as APIError;
    expect(error.message).toBe(
      '429 GET /v1/nodes/{id} (getNode): slow down (the server asked to wait 120000 ms before retrying, more than maxRetryAfterMs (60000))',
    );
    expect(error.stack!.split('\n')[0]).toBe(`RateLimitError: ${error.message}`);
  });

  it('a refusal of the input names the call too', async () => {
    const { sfc } = clientWith();
    const error = (await rejectionOf(
      sfc.nodes.create({ desired_count: 0, max_price_per_node_hour: 100, any_zone: true }),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^POST \/v1\/nodes \(createNodes\): \/desired_count must be /);
    expect(error).toMatchObject({ operation: 'createNodes', method: 'POST', path: '/v1/nodes', attempts: 0 });
  });

  it('an sfc.raw request a middleware replaced (no operation to name) names its method and host', async () => {
    const { sfc } = clientWith(() => {
      throw Object.assign(new TypeError('fetch failed'), { code: 'ECONNRESET' });
    });
    sfc.raw.use({ onRequest: ({ request }) => new Request(request) });
    const error = (await rejectionOf(sfc.raw.GET('/v1/nodes'))) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ operation: undefined, method: 'GET', path: undefined, attempts: 1 });
    expect(error.message).toMatch(/^GET to api\.test:443: Connection failed/);
  });

  it('an sfc.raw request that fails names its operation and host', async () => {
    const { sfc } = clientWith(() => {
      throw Object.assign(new TypeError('fetch failed'), { code: 'ECONNRESET' });
    });
    const error = (await rejectionOf(
      sfc.raw.POST('/v1/nodes', { body: { desired_count: 1, max_price_per_node_hour: 100, any_zone: true } }),
    )) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/^POST \/v1\/nodes \(createNodes\) to api\.test:443: Connection failed/);
    expect(error.message).not.toMatch(/attempts/);
  });
});
