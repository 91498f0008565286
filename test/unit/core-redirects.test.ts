// core/redirects.ts: one exchange, redirects followed by hand. A scripted fetch answers each hop,
// so every rule is checked on exactly what the next hop was sent.
import { describe, expect, it, vi } from 'vitest';
import { Credentials } from '../../src/core/auth.js';
import type { Seen } from '../../src/core/classify.js';
import { Log } from '../../src/core/logging.js';
import { MAX_REDIRECTS, type Outgoing, exchange, isRedirect } from '../../src/core/redirects.js';
import { ConnectionError } from '../../src/index.js';

const KEY = 'sk_redirect_SECRET_456';
const credentials = new Credentials(KEY, 'https://api.test');

interface Sent {
  url: string;
  method: string | undefined;
  body: unknown;
  headers: Headers;
  redirect: RequestRedirect | undefined;
}

/** A fetch that answers hop n with `answers[n]` and records what each hop sent. */
function scripted(answers: (() => Response)[]) {
  const sent: Sent[] = [];
  const fetch = vi.fn((input: string | URL | Request, init?: RequestInit) => {
    sent.push({
      url: input instanceof Request ? input.url : input.toString(),
      method: init?.method,
      body: init?.body,
      headers: new Headers(init?.headers),
      redirect: init?.redirect,
    });
    const answer = answers[sent.length - 1];
    if (!answer) throw new Error(`unexpected hop ${sent.length}`);
    return Promise.resolve(answer());
  });
  return { fetch, sent };
}

const redirect = (status: number, location: string) => () => new Response(null, { status, headers: { location } });
const ok = () => new Response('{}', { status: 200 });

function request(method = 'POST', body: string | undefined = '{"a":1}'): Outgoing {
  const headers = new Headers({ Authorization: `Bearer ${KEY}`, Accept: 'application/json' });
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  return { url: 'https://api.test/v1/nodes', method, headers, body };
}

function run(answers: (() => Response)[], outgoing = request(), logger?: { debug: (m: string, fields?: Record<string, unknown>) => void }) {
  const { fetch, sent } = scripted(answers);
  const seen: Seen = {};
  const context = { fetch, credentials, log: new Log(logger, credentials), operation: 'createNodes', attempt: 1 };
  const response = exchange(outgoing, context, new AbortController().signal, seen);
  return { response, sent, seen };
}

describe('isRedirect', () => {
  it.each([
    [301, true],
    [302, true],
    [303, true],
    [307, true],
    [308, true],
    [300, false],
    [304, false],
    [200, false],
  ])('%i → %s', (status, expected) => {
    expect(isRedirect(status)).toBe(expected);
  });
});

describe('exchange', () => {
  it('sends with redirect: manual and returns a final response as it is, noting its status', async () => {
    const { response, sent, seen } = run([ok]);
    expect((await response).status).toBe(200);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.redirect).toBe('manual');
    expect(seen).toEqual({ status: 200 });
  });

  it('returns a 3xx without a Location as the final response', async () => {
    const { response, seen } = run([() => new Response(null, { status: 302 })]);
    expect((await response).status).toBe(302);
    expect(seen).toEqual({ status: 302 });
  });

  it('refuses a redirect the runtime hides (opaqueredirect) instead of following it', async () => {
    const opaque = () => Object.defineProperty(new Response(null, { status: 200 }), 'type', { value: 'opaqueredirect' });
    const { response, seen } = run([opaque]);
    await expect(response).rejects.toThrow(ConnectionError);
    await expect(response).rejects.toThrow('Not followed: a redirect this runtime hides from the client');
    await expect(response).rejects.toMatchObject({ responseStatus: 200 });
    expect(seen.status).toBeUndefined();
  });

  it('cancels the body of each hop it leaves', async () => {
    const cancel = vi.fn(() => Promise.resolve());
    const hop = () => {
      const response = new Response('moved', { status: 307, headers: { location: '/v1/elsewhere' } });
      Object.defineProperty(response, 'body', { value: { cancel } });
      return response;
    };
    const { response, seen } = run([hop, ok]);
    await response;
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(seen).toEqual({ status: 200, redirected: true });
  });

  it('keeps method, body and key on a 307 to the same origin', async () => {
    const { response, sent } = run([redirect(307, '/v1/other'), ok]);
    await response;
    expect(sent[1]).toMatchObject({ url: 'https://api.test/v1/other', method: 'POST', body: '{"a":1}' });
    expect(sent[1]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(sent[1]!.headers.get('content-type')).toBe('application/json');
  });

  it('drops the key on a hop to another origin and does not put it back on the way home', async () => {
    const outgoing = request();
    const { response, sent } = run([redirect(308, 'https://cdn.test/x'), redirect(308, 'https://api.test/y'), ok], outgoing);
    await response;
    expect(sent[1]!.headers.get('authorization')).toBeNull();
    expect(sent[2]!.headers.get('authorization')).toBeNull();
    // The attempt's own headers are untouched, so a retry sends the key again.
    expect(outgoing.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it.each([
    [303, 'POST', 'GET'],
    [303, 'PUT', 'GET'],
    [301, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [301, 'PUT', 'PUT'],
    [302, 'PATCH', 'PATCH'],
    [307, 'POST', 'POST'],
    [308, 'PATCH', 'PATCH'],
  ])('a %i after %s continues as %s', async (status, method, next) => {
    const { response, sent } = run([redirect(status, '/v1/next'), ok], request(method));
    await response;
    expect(sent[1]!.method).toBe(next);
    const becameGet = next === 'GET';
    expect(sent[1]!.body).toBe(becameGet ? undefined : '{"a":1}');
    expect(sent[1]!.headers.get('content-type')).toBe(becameGet ? null : 'application/json');
  });

  it.each([
    ['http://api.test/v1/x', 'a URL of scheme http'],
    ['ftp://files.test/x', 'a URL of scheme ftp'],
    // The host is the server's choice, and is not shown (it could echo the key).
    ['http://sk_live_0123456789abcdefghij.evil.test/', 'a URL of scheme http'],
  ])('refuses to follow a redirect to %s, naming only its scheme', async (location, shown) => {
    const { response } = run([redirect(302, location)]);
    await expect(response).rejects.toThrow(`Refused to follow a redirect to ${shown}: only https (or loopback http) is followed`);
    await expect(response).rejects.not.toThrow(/evil|files\.test|api\.test/);
  });

  it('follows plain http to this machine', async () => {
    const { response, sent } = run([redirect(302, 'http://127.0.0.1:9/x'), ok], request('GET', undefined));
    await response;
    expect(sent[1]!.url).toBe('http://127.0.0.1:9/x');
  });

  it(`follows ${MAX_REDIRECTS} redirects, and gives up on the next`, async () => {
    const hops = Array.from({ length: MAX_REDIRECTS }, () => redirect(302, '/again'));
    const tenThenOk = run([...hops, ok], request('GET', undefined));
    expect((await tenThenOk.response).status).toBe(200);
    const endless = run([...hops, redirect(302, '/again')], request('GET', undefined));
    const error = await endless.response.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ message: `Gave up after ${MAX_REDIRECTS} redirects`, responseStatus: 302 });
  });

  it('logs each hop it follows, without the query or the key', async () => {
    const lines: [string, unknown][] = [];
    const { response } = run([redirect(302, 'https://cdn.test/file?sig=abc'), ok], request('GET', undefined), {
      debug: (m: string, fields?: unknown) => void lines.push([m, fields]),
    });
    await response;
    expect(lines).toEqual([
      ['sfcompute: createNodes: following HTTP 302 to https://cdn.test/file', { operation: 'createNodes', attempt: 1, status: 302 }],
    ]);
  });
});
