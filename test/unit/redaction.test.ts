// The API key must not leak through any error or through the client object itself.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConnectionError,
  type APIError,
  AuthenticationError,
  ConfigurationError,
  ResponseValidationError,
  SFCompute,
  type ValidationError,
} from '../../src/index.js';
import { maskText, maskValue } from '../../src/internal/redact.js';
import { createFakeSFCompute } from '../../src/testing.js';
import { KEY, clientWith, hangUntilAborted, json, rejectionOf } from './fake-fetch.js';

function everyRendering(value: unknown): Record<string, string> {
  const error = value as Error;
  return {
    message: String(error.message),
    toString: String(value),
    json: JSON.stringify(value),
    inspect: inspect(value, { depth: 10, showHidden: true }),
    stack: String(error.stack),
    causeStack: String((error.cause as Error | undefined)?.stack),
  };
}

const headersOf = (request: Request) => JSON.stringify(Object.fromEntries(request.headers));

// Each scenario puts the key somewhere an error could pick it up.
const scenarios: Array<[string, () => Promise<unknown>]> = [
  [
    'an error envelope echoing the request headers',
    () => clientWith((r) => json(401, { error: { type: 'authentication_error', message: `bad token ${headersOf(r)}` } })).sfc.nodes.list(),
  ],
  [
    'an HTML page echoing the request headers',
    () =>
      clientWith(
        (r) => new Response(`<pre>${headersOf(r)}</pre>`, { status: 502, headers: { 'content-type': 'text/html' } }),
      ).sfc.nodes.list(),
  ],
  [
    'a 200 body that is the key itself (quoted by the JSON parser)',
    () => clientWith(() => new Response(KEY, { status: 200 })).sfc.nodes.get('n_1'),
  ],
  [
    'a fetch error whose message holds the headers',
    () =>
      clientWith((r) => {
        throw new Error(`proxy refused ${headersOf(r)}`);
      }).sfc.nodes.list(),
  ],
  [
    'a fetch error whose nested cause holds the headers',
    () =>
      clientWith((r) => {
        throw new TypeError('fetch failed', { cause: new Error(`socket for ${headersOf(r)}`) });
      }).sfc.nodes.list(),
  ],
  [
    'a fetch error carrying the request as a property',
    () =>
      clientWith((r) => {
        throw Object.assign(new Error('refused'), { request: r, headers: Object.fromEntries(r.headers) });
      }).sfc.nodes.list(),
  ],
  [
    'a circular non-Error thrown by fetch',
    () =>
      clientWith((r) => {
        const thrown: Record<string, unknown> = { auth: r.headers.get('authorization') };
        thrown.self = thrown;
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test: fetch throwing a non-Error
        throw thrown;
      }).sfc.nodes.list(),
  ],
  [
    'a caller abort whose reason holds the key',
    () => {
      const { sfc } = clientWith(hangUntilAborted);
      return sfc.nodes.list(undefined, { signal: AbortSignal.abort(new Error(`stop ${KEY}`)) });
    },
  ],
  [
    'per-call headers given as a pasted "Bearer <key>" string',
    () => clientWith(() => json(200, {})).sfc.nodes.list(undefined, { headers: `Bearer ${KEY}` as never }),
  ],
  [
    'a per-call header whose name is a pasted "Authorization: Bearer <key>" line',
    () => clientWith(() => json(200, {})).sfc.nodes.list(undefined, { headers: { [`Authorization: Bearer ${KEY}`]: 'x' } }),
  ],
  [
    'a client header whose name is a pasted "Authorization: Bearer <key>" line',
    () => new Promise((resolve) => resolve(new SFCompute({ apiKey: KEY, headers: { [`Authorization: Bearer ${KEY}`]: 'x' } }))),
  ],
  [
    'sfc.raw with a fetch error holding the headers',
    () =>
      clientWith((r) => {
        throw new Error(`proxy refused ${headersOf(r)}`);
      }).sfc.raw.GET('/v1/nodes'),
  ],
];

describe('the API key never appears in an error', () => {
  it.each(scenarios)('%s', async (_name, run) => {
    const error = await rejectionOf(run());
    expect(error).toBeInstanceOf(Error);
    for (const [how, text] of Object.entries(everyRendering(error))) {
      expect(text, how).not.toContain(KEY);
    }
  });

  it('masks the key in a cause that contained it, keeping the rest of the text', async () => {
    const error = (await rejectionOf(scenarios[3]![1]())) as Error;
    expect(String((error.cause as Error).message)).toContain('Bearer [redacted]');
    expect(error.message).toContain('proxy refused');
  });

  it('masks the key in an echoed error body, keeping the envelope', async () => {
    const error = (await rejectionOf(scenarios[0]![1]())) as APIError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.type).toBe('authentication_error');
    expect(error.message).toContain('Bearer [redacted]');
  });
});

describe('a response header that echoes the key', () => {
  const echoed = { 'x-request-id': `Bearer ${KEY}`, 'x-echo': `auth=${KEY}; ok` };
  it.each([
    ['a 401 error envelope', () => json(401, { error: { type: 'authentication_error', message: 'no' } }, echoed)],
    ['a 2xx body that is not JSON', () => new Response('{', { status: 200, headers: echoed })],
    ['a 2xx body that is not an object', () => json(200, [], echoed)],
    ['a 2xx body that does not match the spec', () => json(200, { object: 'node' }, echoed)],
  ])('is masked in the error of %s: message, requestId, headers and stack', async (_name, answer) => {
    const { sfc } = clientWith(answer, { validateResponses: true });
    const error = (await rejectionOf(sfc.nodes.get('n_1'))) as APIError;
    for (const [how, text] of Object.entries(everyRendering(error))) expect(text, how).not.toContain(KEY);
    expect(error.requestId).toBe('Bearer [redacted]');
    // A ResponseValidationError keeps no headers.
    if (!(error instanceof ResponseValidationError)) expect([...error.headers]).toContainEqual(['x-echo', 'auth=[redacted]; ok']);
    expect(error.message).toContain('[request id Bearer [redacted]]');
  });

  it('is left as it came in the headers of a successful response', async () => {
    const { response } = await clientWith(() => json(200, {}, echoed))
      .sfc.nodes.list()
      .withResponse();
    expect(response.headers.get('x-request-id')).toBe(`Bearer ${KEY}`);
  });
});

describe('other places a server or a fetch can echo the key', () => {
  it('the status text of an error response is masked in the message', async () => {
    const { sfc } = clientWith(() => new Response(null, { status: 502, statusText: `echo Bearer ${KEY}` }), { maxRetries: 0 });
    const error = (await rejectionOf(sfc.nodes.get('n_1'))) as APIError;
    for (const [how, text] of Object.entries(everyRendering(error))) expect(text, how).not.toContain(KEY);
    expect(error.message).toContain('HTTP 502 echo Bearer [redacted]');
  });

  it('a header whose name holds the key is dropped from the error (names are lower-cased: no mask fits there)', async () => {
    const name = `x-echo-${KEY.toLowerCase()}`;
    const { sfc } = clientWith(() => json(404, { error: { type: 'not_found', message: 'no' } }, { [name]: '1', 'x-kept': 'yes' }));
    const error = (await rejectionOf(sfc.nodes.get('n_1'))) as APIError;
    expect(error.headers.has(name)).toBe(false);
    expect(error.headers.get('x-kept')).toBe('yes');
    for (const [how, text] of Object.entries(everyRendering(error))) expect(text.toLowerCase(), how).not.toContain(KEY.toLowerCase());
  });

  it("a network failure's code is masked in the message and in err.code", async () => {
    const thrown = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: `E_${KEY}` }) });
    Object.assign(thrown, { code: `E_${KEY}` });
    const { sfc } = clientWith(
      () => {
        throw thrown;
      },
      { maxRetries: 0 },
    );
    const error = (await rejectionOf(sfc.nodes.get('n_1'))) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    for (const [how, text] of Object.entries(everyRendering(error))) expect(text, how).not.toContain(KEY);
    expect(error.code).toBe('E_[redacted]');
  });
});

describe('a DOMException a fetch throws', () => {
  it('has the key masked in its name too, where the cause keeps it', async () => {
    const thrown = new TypeError('fetch failed', { cause: new DOMException('gave up', `Echo${KEY}Error`) });
    const { sfc } = clientWith(
      () => {
        throw thrown;
      },
      { maxRetries: 0 },
    );
    const error = (await rejectionOf(sfc.nodes.get('n_1'))) as ConnectionError;
    const cause = (error.cause as Error).cause as DOMException;
    expect(cause).toBeInstanceOf(DOMException);
    expect(cause.name).toBe('Echo[redacted]Error');
    for (const [how, text] of Object.entries(everyRendering(error))) expect(text, how).not.toContain(KEY);
  });
});

describe("the pollers' own option errors", () => {
  it.each([
    ['nodes.waitFor', (sfc: SFCompute) => sfc.nodes.waitFor('n_1', { status: KEY as never })],
    ['vms.followLogs', (sfc: SFCompute) => sfc.vms.followLogs('vm_1', { intervalMs: KEY as never }).next()],
    ['events.follow', (sfc: SFCompute) => sfc.events.follow({}, { intervalMs: KEY as never }).next()],
  ])('%s masks the key in what it echoes', async (_name, call) => {
    const { sfc } = clientWith(() => json(200, {}));
    const error = (await rejectionOf(call(sfc))) as ValidationError;
    expect(error.name).toBe('ValidationError');
    for (const [how, text] of Object.entries(everyRendering(error))) expect(text, how).not.toContain(KEY);
  });
});

describe('keys shorter than a real key', () => {
  it("are not masked, so an error's text stays as the server wrote it", async () => {
    const fake = createFakeSFCompute();
    const sfc = new SFCompute({ apiKey: 'test', fetch: fake.fetch });
    const error = (await rejectionOf(sfc.nodes.get('my-test-node'))) as APIError;
    expect(error.message).toContain('Node my-test-node not found');
  });

  it('are not masked in the pointer of a validation issue', async () => {
    const sfc = new SFCompute({ apiKey: 'k', fetch: createFakeSFCompute().fetch });
    const error = (await rejectionOf(sfc.procurements.list({ workspace: 'x y' }))) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual(['/query/workspace']);
  });

  it.each([
    ['test', 'my-test-node', 'my-test-node'],
    ['k', 'workspace', 'workspace'],
    ['fifteen_chars_k', 'a fifteen_chars_k b', 'a fifteen_chars_k b'],
    ['sixteen_chars_ke', 'a sixteen_chars_ke b', 'a [redacted] b'],
    [KEY, `Bearer ${KEY}`, 'Bearer [redacted]'],
  ])('maskText with the secret %j turns %j into %j', (secret, text, masked) => {
    expect(maskText(text, secret)).toBe(masked);
    expect(maskText(text, [secret])).toBe(masked);
  });
});

describe('maskValue', () => {
  it.each([
    ['a string', `a ${KEY}`, 'a [redacted]'],
    ['a field name', { [`k${KEY}`]: 1 }, { 'k[redacted]': 1 }],
    ['numbers, booleans and null', [1, true, null], [1, true, null]],
    ['a "__proto__" field, kept as a field', JSON.parse(`{"__proto__":{"x":"${KEY}"}}`), JSON.parse('{"__proto__":{"x":"[redacted]"}}')],
  ])('copies %s', (_name, value, masked) => {
    expect(maskValue(value, KEY)).toStrictEqual(masked);
  });

  it('masks 100,000 levels down without overflowing the stack', () => {
    let value: unknown = KEY;
    for (let i = 0; i < 100_000; i++) value = { a: [value] };
    let at = maskValue(value, KEY);
    while (typeof at === 'object') at = (at as { a: unknown[] }).a[0];
    expect(at).toBe('[redacted]');
  });

  it('copies a cycle once, as a cycle', () => {
    const value: Record<string, unknown> = { note: KEY };
    value.self = value;
    const copy = maskValue(value, KEY) as Record<string, unknown>;
    expect(copy.self).toBe(copy);
    expect(copy.note).toBe('[redacted]');
  });
});

describe('the API key never appears in the client object', () => {
  it('is absent from util.inspect, JSON.stringify and the enumerable keys', () => {
    const sfc = new SFCompute({ apiKey: KEY });
    expect(inspect(sfc, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(sfc)).not.toContain(KEY);
    expect(JSON.stringify(Object.entries(sfc))).not.toContain(KEY);
  });
});

describe('the API key never appears in a configuration error', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  // Each case refuses a value that holds the key; the error must name the option and the rule
  // and show nothing of what was refused (masking cannot help when the key sits where the URL goes:
  // the client then believes the URL is the key).
  const cases: Array<[string, Record<string, string>, object, RegExp]> = [
    [
      'the two variables swapped',
      { SFC_API_KEY: 'https://api.sfcompute.com', SFC_BASE_URL: KEY },
      {},
      /^SFC_BASE_URL must be an absolute http\(s\) URL$/,
    ],
    ['the key passed as baseUrl', {}, { apiKey: 'https://api.sfcompute.com', baseUrl: KEY }, /^baseUrl must be an absolute/],
    [
      'the key passed as logLevel',
      {},
      { apiKey: 'x', logLevel: KEY },
      /^logLevel must be one of off, error, warn, info, debug \(got a string\)$/,
    ],
    ['the key in SFC_LOG', { SFC_LOG: KEY }, { apiKey: 'x' }, /^SFC_LOG must be one of off, error, warn, info, debug$/],
    [
      'the key in a plain http base URL query',
      {},
      { apiKey: 'x', baseUrl: `http://api.example.org/?key=${KEY}` },
      /^baseUrl must use https/,
    ],
    ['a password in a plain http base URL', {}, { apiKey: 'x', baseUrl: `http://me:${KEY}@api.example.org` }, /^baseUrl must use https/],
    [
      'the key in a base URL with another scheme',
      {},
      { apiKey: 'x', baseUrl: `ftp://api.example.org/${KEY}` },
      /^baseUrl must be an absolute http\(s\) URL$/,
    ],
    ['the key before a version segment', {}, { apiKey: 'x', baseUrl: `https://api.example.org/${KEY}/v1` }, /version segment \(\/v1\)/],
    [
      'the key passed as validateResponses',
      {},
      { apiKey: 'x', validateResponses: KEY },
      /^validateResponses must be true, false or 'warn' \(got a string\)$/,
    ],
  ];

  it.each(cases)('%s', (_name, env, options, message) => {
    vi.stubEnv('SFC_API_KEY', '');
    vi.stubEnv('SFC_BASE_URL', '');
    vi.stubEnv('SFC_LOG', '');
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const error = (() => {
      try {
        new SFCompute(options);
      } catch (e) {
        return e;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    for (const [how, text] of Object.entries(everyRendering(error))) expect(text, how).not.toContain(KEY);
    expect((error as Error).message).toMatch(message);
  });
});
