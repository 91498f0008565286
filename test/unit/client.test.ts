import { afterEach, describe, expect, it, vi } from 'vitest';
import { SFCompute as CoreSFCompute } from '../../src/core.js';
import { isLoopback } from '../../src/core/auth.js';
import { ConfigurationError, DEFAULT_BASE_URL, SFCompute, ValidationError } from '../../src/index.js';
import { type Handler, KEY, NODE, clientWith, fakeFetch, hangUntilAborted, json, rejectionOf } from './fake-fetch.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('configuration', () => {
  it('reads the key from SFC_API_KEY and uses the production URL by default', async () => {
    vi.stubEnv('SFC_API_KEY', KEY);
    vi.stubEnv('SFC_BASE_URL', '');
    const fake = fakeFetch(() => json(200, NODE));
    const sfc = new SFCompute({ fetch: fake.fetch });
    await sfc.nodes.get('n_1');
    expect(sfc.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(fake.requests[0]!.url).toBe('https://api.sfcompute.com/v1/nodes/n_1');
    expect(fake.requests[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('reads the base URL from SFC_BASE_URL, and an explicit option wins over both variables', async () => {
    vi.stubEnv('SFC_API_KEY', 'sk_from_env');
    vi.stubEnv('SFC_BASE_URL', 'http://127.0.0.1:4010/');
    const fromEnv = new SFCompute({ fetch: fakeFetch().fetch });
    expect(fromEnv.baseUrl).toBe('http://127.0.0.1:4010');
    const fake = fakeFetch(() => json(200, NODE));
    const explicit = new SFCompute({ apiKey: KEY, baseUrl: 'https://proxy.example.org/sfc', fetch: fake.fetch });
    await explicit.nodes.get('n_1');
    expect(fake.requests[0]!.url).toBe('https://proxy.example.org/sfc/v1/nodes/n_1');
    expect(fake.requests[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('refuses to start without a key, naming SFC_API_KEY', () => {
    vi.stubEnv('SFC_API_KEY', '');
    expect(() => new SFCompute()).toThrow(ConfigurationError);
    expect(() => new SFCompute()).toThrow(/^No API key: pass \{ apiKey \} or set SFC_API_KEY$/);
    expect(() => new SFCompute({ apiKey: '   ' })).toThrow(/SFC_API_KEY/);
  });

  it('refuses a key with a line break without echoing it', () => {
    const error = (() => {
      try {
        new SFCompute({ apiKey: `${KEY}\n` });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).not.toContain(KEY);
  });

  it.each([
    [{ baseUrl: 'api.sfcompute.com' }, /baseUrl must be an absolute/],
    [{ baseUrl: 'ftp://api.sfcompute.com' }, /^baseUrl must be an absolute http\(s\) URL$/],
    [{ baseUrl: 'https://user:pw@api.sfcompute.com' }, /credentials/],
    [{ baseUrl: 'https://api.sfcompute.com/v1' }, /^baseUrl must not end in a version segment \(\/v1\): every call adds its own$/],
    [{ baseUrl: 'https://api.sfcompute.com/v0/' }, /version segment \(\/v0\)/],
    [{ baseUrl: 'http://127.0.0.1:4010/proxy/V2' }, /version segment \(\/V2\)/],
    [{ baseUrl: 'http://api.sfcompute.com' }, /must use https unless it points at this machine/],
    [{ baseUrl: 'http://10.0.0.5:8080' }, /must use https/],
    [{ baseUrl: 'http://api.localhost:4010' }, /must use https unless it points at this machine/],
    [{ baseUrl: 'http://localhost.evil.example' }, /must use https/],
    [{ timeoutMs: 0 }, /timeoutMs must be a whole number of milliseconds from 1/],
    [{ timeoutMs: 1.5 }, /timeoutMs/],
    [{ maxRetries: -1 }, /maxRetries must be a whole number, 0 or more/],
    [{ deadlineMs: 0 }, /deadlineMs must be a whole number of milliseconds from 1/],
    [{ retryBaseDelayMs: -1 }, /retryBaseDelayMs must be a whole number of milliseconds from 0/],
    [{ retryMaxDelayMs: Number.NaN }, /retryMaxDelayMs must be/],
    [{ maxRetryAfterMs: 1.5 }, /maxRetryAfterMs must be/],
    [{ logger: {} as never }, /^logger must be an object with a debug\(message, fields\) method \(console is one\) \(got an object\)$/],
    [
      { clock: { now: () => 0 } as never },
      /^clock must be an object with now\(\) and sleep\(ms\) methods \(fake\.clock and systemClock are\)/,
    ],
    [{ fetch: 'fetch' as never }, /^fetch must be a fetch function \(got a string\)$/],
  ])('rejects the option %o', (options, message) => {
    expect(() => new SFCompute({ apiKey: KEY, ...options })).toThrow(message);
  });

  it('refuses validateResponses without validators, on the core entry, saying where they come from', () => {
    expect(() => new CoreSFCompute({ apiKey: KEY, validateResponses: true })).toThrow(
      /^validateResponses needs \{ validators \} from 'sfcompute-client\/validators'$/,
    );
  });

  it.each([
    'http://localhost:4010',
    'http://127.0.0.1:4010',
    'http://[::1]:4010',
    'https://api.sfcompute.com',
    'https://proxy.test/v1x',
    'https://proxy.test/sfc/version1',
  ])('accepts the base URL %s', (baseUrl) => {
    expect(new SFCompute({ apiKey: KEY, baseUrl }).baseUrl).toBe(baseUrl);
  });

  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['[::1]', true],
    ['api.localhost', false],
    ['localhost.', false],
    ['localhost.example.org', false],
    ['128.0.0.1', false],
    ['10.0.0.5', false],
    ['[::2]', false],
  ])('counts %s as this machine: %s', (hostname, loopback) => {
    expect(isLoopback(hostname)).toBe(loopback);
  });

  it('keeps maxRetries and timeoutMs, with documented defaults', () => {
    const defaults = new SFCompute({ apiKey: KEY });
    expect([defaults.timeoutMs, defaults.maxRetries]).toEqual([60_000, 2]);
    expect(defaults.retryPolicy).toEqual({
      timeoutMs: 60_000,
      deadlineMs: undefined,
      maxRetries: 2,
      retryBaseDelayMs: 500,
      retryMaxDelayMs: 8_000,
      maxRetryAfterMs: 60_000,
    });
    const set = new SFCompute({ apiKey: KEY, timeoutMs: 5_000, maxRetries: 0 });
    expect([set.timeoutMs, set.maxRetries]).toEqual([5_000, 0]);
  });
});

describe('requests', () => {
  it('sends Authorization, Accept, the client headers and the per-call headers', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE), { headers: { 'X-Team': 'research' } });
    await sfc.nodes.get('n_1', { headers: { 'X-Trace': 'abc', Authorization: 'Bearer someone-else' } });
    const headers = requests[0]!.headers;
    expect(headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('x-team')).toBe('research');
    expect(headers.get('x-trace')).toBe('abc');
  });

  it('merges headers as openapi-fetch does: later wins whatever the case, null removes, undefined is skipped, Headers work', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE), {
      headers: { 'X-Team': 'research', 'X-Gone': 'soon', 'X-Skip': undefined },
    });
    await sfc.nodes.get('n_1', { headers: { 'x-team': 'infra', 'X-Gone': null, 'X-Also-Skipped': undefined } });
    await sfc.nodes.get('n_1', { headers: new Headers({ 'X-From-Headers': 'yes' }) });
    const [first, second] = requests.map((r) => Object.fromEntries(r.headers));
    expect(first).toEqual({ accept: 'application/json', authorization: `Bearer ${KEY}`, 'x-team': 'infra' });
    expect(second).toEqual({
      accept: 'application/json',
      authorization: `Bearer ${KEY}`,
      'x-team': 'research',
      'x-gone': 'soon',
      'x-from-headers': 'yes',
    });
  });

  it('takes headers as name-value pairs and from any Headers-like object', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE), { headers: [['X-Pair', 'one']] });
    const foreign = { entries: () => new Map([['x-foreign', 'yes']]).entries(), get: () => null };
    await sfc.nodes.get('n_1', { headers: foreign as unknown as Headers });
    expect(requests[0]!.headers.get('x-pair')).toBe('one');
    expect(requests[0]!.headers.get('x-foreign')).toBe('yes');
    const error = (await rejectionOf(sfc.nodes.get('n_1', { headers: [['X-Ok', 'x'], ['lonely']] as never }))) as ValidationError;
    expect(error.issues.map((i) => i.path)).toEqual(['/options/headers/[1]']);
  });

  it('never gives sfc.raw a client-level Authorization header to carry elsewhere', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE), { headers: { Authorization: 'Bearer someone-else' } });
    await sfc.raw.GET('/v1/nodes/{id}', { params: { path: { id: 'n_1' } }, baseUrl: 'https://elsewhere.test' });
    await sfc.nodes.get('n_1');
    expect(requests[0]!.headers.has('authorization')).toBe(false);
    expect(requests[1]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('sends no Content-Type without a body', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    await sfc.nodes.get('n_1');
    expect(requests[0]!.headers.has('content-type')).toBe(false);
  });

  it('sends release with the JSON body {}, as the official CLI does', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    await sfc.nodes.release('n_1');
    expect(requests[0]!.method).toBe('PATCH');
    expect(requests[0]!.headers.get('content-type')).toBe('application/json');
    expect(await requests[0]!.text()).toBe('{}');
  });

  it('refuses an invalid header before sending, without echoing its value', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const error = (await rejectionOf(sfc.nodes.get('n_1', { headers: { 'X-Token': 'secret\nvalue' } }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: '/options/headers/X-Token', rule: 'a valid HTTP header name and value', value: '(not shown)' }]);
    expect(error.message).not.toContain('secret');
    expect(requests).toHaveLength(0);
    expect(() => new SFCompute({ apiKey: KEY, headers: { 'bad name': 'x' } })).toThrow(ConfigurationError);
    expect(() => new SFCompute({ apiKey: KEY, headers: { 'bad name': 'x' } })).toThrow('not a valid HTTP header name and value: bad name');
  });

  it('calls fetch as a plain function, as a browser requires of its own fetch', async () => {
    // A browser's fetch throws "Illegal invocation" when called as a method of another object.
    const strict = function (this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      if (this !== undefined && this !== globalThis) return Promise.reject(new TypeError('Illegal invocation'));
      return Promise.resolve(new Request(input, init).url.endsWith('/v1/nodes/n_1') ? json(200, NODE) : json(404, {}));
    };
    const sfc = new SFCompute({ apiKey: KEY, baseUrl: 'https://api.test', fetch: strict });
    expect(await sfc.nodes.get('n_1')).toEqual(NODE);
    expect((await sfc.raw.GET('/v1/nodes/{id}', { params: { path: { id: 'n_1' } } })).data).toEqual(NODE);
  });

  it('gives sfc.raw the key only for its own origin', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    await sfc.raw.GET('/v1/nodes/{id}', { params: { path: { id: 'n_1' } }, baseUrl: 'https://elsewhere.test' });
    expect(requests[0]!.url).toBe('https://elsewhere.test/v1/nodes/n_1');
    expect(requests[0]!.headers.has('authorization')).toBe(false);
  });

  it('authenticates calls made through sfc.raw too', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const { data } = await sfc.raw.GET('/v1/nodes/{id}', { params: { path: { id: 'n_1' } } });
    expect(data).toEqual(NODE);
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('sends the JSON body with its content type', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    await sfc.nodes.extend('n_1', { duration_seconds: 7200, max_price_per_node_hour: 1000 });
    expect(requests[0]!.method).toBe('PATCH');
    expect(requests[0]!.url).toBe('https://api.test/v1/nodes/n_1/extend');
    expect(requests[0]!.headers.get('content-type')).toBe('application/json');
    expect(await requests[0]!.json()).toEqual({ duration_seconds: 7200, max_price_per_node_hour: 1000 });
  });

  it('sends list filters as repeated keys', async () => {
    const { sfc, requests } = clientWith(() => json(200, { object: 'list', data: [] }));
    await sfc.nodes.list({ name: ['a b', 'c&d'] });
    expect(new URL(requests[0]!.url).search).toBe('?name=a%20b&name=c%26d');
  });

  it('refuses to combine node filters, which the API does not allow', async () => {
    const { sfc, requests } = clientWith(() => json(200, { object: 'list', data: [] }));
    const error = (await rejectionOf(sfc.nodes.list({ id: ['n_1'], type: 'reserved' }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(
      'GET /v1/nodes (listNodes): /query must be given at most one of id, name, type (got {"id":["n_1"],"type":"reserved"})',
    );
    expect(error).toMatchObject({ operation: 'listNodes', method: 'GET', path: '/v1/nodes' });
    // Checked whatever validateRequests says: the API cannot be sent two filters at all.
    const unchecked = await rejectionOf(sfc.nodes.list({ id: ['n_1'], name: ['a'] }, { validateRequests: false }));
    expect(unchecked).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
    await sfc.nodes.list({ id: [], name: ['a'] });
    expect(new URL(requests[0]!.url).search).toBe('?name=a');
  });

  it('percent-encodes ids so they cannot reach another endpoint', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    await sfc.nodes.get('../v2/procurements/x');
    expect(requests[0]!.url).toBe('https://api.test/v1/nodes/..%2Fv2%2Fprocurements%2Fx');
    await sfc.nodes.extend('a?b#c', { duration_seconds: 3600, max_price_per_node_hour: 200 });
    expect(requests[1]!.url).toBe('https://api.test/v1/nodes/a%3Fb%23c/extend');
  });

  it.each([[''], ['.'], ['..']])('refuses the id %j before sending anything', async (id) => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const error = await rejectionOf(sfc.nodes.extend(id, { duration_seconds: 3600, max_price_per_node_hour: 200 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: '/id', value: id });
    expect((error as Error).message).toMatch(/^PATCH \/v1\/nodes\/\{id\}\/extend \(extendNode\): \/id must be /);
    expect(requests).toHaveLength(0);
  });

  it('refuses a non-string id from untyped callers', async () => {
    const { sfc, requests } = clientWith();
    const error = await rejectionOf(sfc.procurements.delete(undefined as unknown as string));
    expect((error as Error).message).toBe(
      'DELETE /v2/procurements/{id} (deleteProcurement): /id must be a non-empty string (got undefined)',
    );
    expect(requests).toHaveLength(0);
  });

  it('refuses malformed per-call options before sending anything', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const error = await rejectionOf(
      sfc.nodes.get('n_1', {
        timeoutMs: -5,
        maxRetries: 1.5,
        deadlineMs: 0,
        retryBaseDelayMs: -1,
        retryMaxDelayMs: 0.5,
        maxRetryAfterMs: -2,
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
      '/options/timeoutMs',
      '/options/deadlineMs',
      '/options/maxRetries',
      '/options/retryBaseDelayMs',
      '/options/retryMaxDelayMs',
      '/options/maxRetryAfterMs',
    ]);
    expect(requests).toHaveLength(0);
  });

  it('redeploys with an empty object when no body is given', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    await sfc.nodes.redeploy('n_1');
    expect(requests[0]!.method).toBe('PUT');
    expect(await requests[0]!.text()).toBe('{}');
  });

  it('resolves delete with undefined on 204', async () => {
    const { sfc, requests } = clientWith(() => new Response(null, { status: 204 }));
    await expect(sfc.nodes.delete('n_1')).resolves.toBeUndefined();
    await expect(sfc.procurements.delete('proc_1')).resolves.toBeUndefined();
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'DELETE /v1/nodes/n_1',
      'DELETE /v2/procurements/proc_1',
    ]);
  });

  it.each<[string, Handler]>([
    ['a 503', () => json(503, { error: { type: 'service_unavailable', message: 'busy' } })],
    ['a connection failure', () => Promise.reject(new TypeError('fetch failed'))],
    ['a timeout', hangUntilAborted],
  ])('sends a create exactly once after %s (the server may have processed it)', async (_fault, handler) => {
    const { sfc, requests } = clientWith(handler);
    await rejectionOf(sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 100, any_zone: true }, { timeoutMs: 20 }));
    expect(requests).toHaveLength(1);
  });
});
