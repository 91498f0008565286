// core/attempt.ts and core/buffered-response.ts: one attempt under its three limits, its body
// read inside them; and what is (and is not) read of a body.
import { describe, expect, it, vi } from 'vitest';
import { type AttemptContext, attempt } from '../../src/core/attempt.js';
import { Credentials } from '../../src/core/auth.js';
import { BufferedResponse, readBody } from '../../src/core/buffered-response.js';
import { Log } from '../../src/core/logging.js';
import { startDeadline } from '../../src/core/timers.js';
import { RequestAbortedError, RequestTimeoutError } from '../../src/index.js';

const KEY = 'sk_attempt_SECRET_789';
const credentials = new Credentials(KEY, 'https://api.test');
const policy = { timeoutMs: 1_000, deadlineMs: undefined, maxRetries: 2, retryBaseDelayMs: 0, retryMaxDelayMs: 0, maxRetryAfterMs: 60_000 };

function contextWith(fetch: AttemptContext['fetch'], extra: Partial<AttemptContext> = {}): AttemptContext {
  return {
    operation: 'getNode',
    attempt: 1,
    request: { url: 'https://api.test/v1/nodes/n_1', method: 'GET', headers: new Headers(), body: undefined },
    asBytes: false,
    policy,
    userSignal: undefined,
    deadline: undefined,
    fetch,
    credentials,
    log: new Log(undefined, credentials),
    ...extra,
  };
}

/** A fetch that never answers until its signal fires, then rejects with the signal's reason. */
const hanging = (_input: string | URL | Request, init?: RequestInit) =>
  new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));

/** Headers at once, then a body that never ends. */
const stalling = () =>
  Promise.resolve(new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"id":')) }), { status: 200 }));

describe('readBody', () => {
  const unreadable = (status: number, headers: Record<string, string>) => {
    const response = new Response('{"never":"read"}', { status, headers });
    const text = vi.spyOn(response, 'text');
    return { response, text };
  };

  it('does not read a 204', async () => {
    const { response, text } = unreadable(200, {});
    Object.defineProperty(response, 'status', { value: 204 });
    expect((await readBody(response)).bodyText).toBe('');
    expect(text).not.toHaveBeenCalled();
  });

  it('does not read a body of Content-Length 0', async () => {
    const { response, text } = unreadable(200, { 'content-length': '0' });
    expect((await readBody(response)).bodyText).toBe('');
    expect(text).not.toHaveBeenCalled();
  });

  it('does not read a body of Content-Length 0 sent with another transfer coding', async () => {
    const { response, text } = unreadable(200, { 'content-length': '0', 'transfer-encoding': 'gzip' });
    expect((await readBody(response)).bodyText).toBe('');
    expect(text).not.toHaveBeenCalled();
  });

  it('reads a chunked body even with Content-Length 0, and any other body', async () => {
    const chunked = unreadable(200, { 'content-length': '0', 'transfer-encoding': 'chunked' });
    expect((await readBody(chunked.response)).bodyText).toBe('{"never":"read"}');
    const plain = unreadable(500, { 'content-length': '16' });
    expect((await readBody(plain.response)).bodyText).toBe('{"never":"read"}');
  });
});

describe('BufferedResponse', () => {
  const source = new Response('', { status: 201, statusText: 'Created', headers: { 'x-request-id': 'req_1' } });

  it('is redirected only when told the client followed a redirect (a hop cannot know it)', async () => {
    expect(new BufferedResponse(source, '').redirected).toBe(false);
    expect(new BufferedResponse(source, '', undefined, true).redirected).toBe(true);
    expect((await readBody(new Response('{}', { status: 200 }))).redirected).toBe(false);
    expect((await readBody(new Response('{}', { status: 200 }), false, true)).redirected).toBe(true);
    expect((await readBody(new Response(null, { status: 204 }), false, true)).toResponse().redirected).toBe(true);
  });

  it('serves text and json from memory, and keeps status, headers and ok', async () => {
    const buffered = new BufferedResponse(source, '{"a":[1]}');
    expect([buffered.status, buffered.statusText, buffered.ok, buffered.headers.get('x-request-id')]).toEqual([
      201,
      'Created',
      true,
      'req_1',
    ]);
    expect(await buffered.text()).toBe('{"a":[1]}');
    expect(await buffered.json()).toEqual({ a: [1] });
    await expect(new BufferedResponse(source, 'not json').json()).rejects.toThrow(SyntaxError);
  });

  it('becomes a standard Response with the same status, headers and body', async () => {
    const standard = new BufferedResponse(source, 'hello').toResponse();
    expect(standard).toBeInstanceOf(Response);
    expect([standard.status, standard.statusText, standard.headers.get('x-request-id'), await standard.text()]).toEqual([
      201,
      'Created',
      'req_1',
      'hello',
    ]);
    const noContent = new BufferedResponse(new Response(null, { status: 204 }), '').toResponse();
    expect([noContent.status, noContent.body]).toEqual([204, null]);
  });

  it.each([204, 205, 304])('gives a %i no body even if stray text was read with it', async (status) => {
    const standard = new BufferedResponse(new Response(null, { status }), 'stray').toResponse();
    expect([standard.status, standard.body, await standard.text()]).toEqual([status, null, '']);
  });

  it('gives an empty 200 an empty body, and prefers the bytes when it kept them', async () => {
    expect(await new BufferedResponse(new Response(null, { status: 200 }), '').toResponse().text()).toBe('');
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    const fromBytes = new BufferedResponse(new Response(null, { status: 200 }), '', bytes).toResponse();
    expect(new Uint8Array(await fromBytes.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('reads bytes when asked, and leaves the text empty', async () => {
    const buffered = await readBody(new Response(new Uint8Array([0, 255]), { status: 200 }), true);
    expect(buffered.bodyText).toBe('');
    expect(new Uint8Array(buffered.bodyBytes!)).toEqual(new Uint8Array([0, 255]));
  });
});

describe('attempt', () => {
  it('reads the body and reports a redirect hop', async () => {
    const answers = [
      new Response(null, { status: 302, headers: { location: '/v1/nodes/n_2' } }),
      new Response('{"id":"n_2"}', { status: 200 }),
    ];
    const outcome = await attempt(contextWith(() => Promise.resolve(answers.shift()!)));
    expect(outcome).toMatchObject({ ok: true, redirected: true });
    expect(outcome.ok && outcome.response.bodyText).toBe('{"id":"n_2"}');
  });

  it('times out while waiting for headers, as attempt-timeout', async () => {
    const outcome = await attempt(contextWith(hanging, { policy: { ...policy, timeoutMs: 20 } }));
    expect(outcome).toMatchObject({ ok: false, kind: 'attempt-timeout', redirected: false });
    expect(!outcome.ok && outcome.error).toBeInstanceOf(RequestTimeoutError);
    expect(!outcome.ok && outcome.error).toMatchObject({ responseStatus: undefined, timeoutMs: 20 });
  });

  it('times out while reading a body, with the status that had arrived', async () => {
    const outcome = await attempt(contextWith(stalling, { policy: { ...policy, timeoutMs: 20 } }));
    expect(outcome).toMatchObject({ ok: false, kind: 'attempt-timeout' });
    expect(!outcome.ok && outcome.error).toMatchObject({ responseStatus: 200 });
  });

  it('stops at once for a signal that already fired, without waiting for the timeout', async () => {
    const userSignal = AbortSignal.abort(new Error('no'));
    const started = Date.now();
    const outcome = await attempt(contextWith(hanging, { userSignal }));
    expect(Date.now() - started).toBeLessThan(500);
    expect(outcome).toMatchObject({ ok: false, kind: 'caller-abort' });
    expect(!outcome.ok && outcome.error).toBeInstanceOf(RequestAbortedError);
  });

  it('stops when the caller aborts during the exchange', async () => {
    const controller = new AbortController();
    const fetch = (input: string | URL | Request, init?: RequestInit) => {
      setTimeout(() => controller.abort(), 5);
      return hanging(input, init);
    };
    const outcome = await attempt(contextWith(fetch, { userSignal: controller.signal }));
    expect(outcome).toMatchObject({ ok: false, kind: 'caller-abort' });
  });

  it('stops at a deadline that already passed, and when one passes during the exchange', async () => {
    const passed = startDeadline(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(await attempt(contextWith(hanging, { deadline: passed, policy: { ...policy, deadlineMs: 1 } }))).toMatchObject({
      ok: false,
      kind: 'deadline',
    });
    const soon = startDeadline(20);
    const outcome = await attempt(contextWith(hanging, { deadline: soon, policy: { ...policy, deadlineMs: 20 } }));
    soon.clear();
    expect(outcome).toMatchObject({ ok: false, kind: 'deadline' });
    expect(!outcome.ok && outcome.error).toMatchObject({ scope: 'deadline', timeoutMs: 20 });
  });

  it('leaves no listener on the caller signal and the deadline, and no timer', async () => {
    const controller = new AbortController();
    const deadline = startDeadline(60_000);
    const added = vi.spyOn(controller.signal, 'addEventListener');
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const deadlineRemoved = vi.spyOn(deadline.signal, 'removeEventListener');
    const set = vi.spyOn(globalThis, 'setTimeout');
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    await attempt(contextWith(() => Promise.resolve(new Response('{}')), { userSignal: controller.signal, deadline }));
    deadline.clear();
    // The attempt's own timer (its timeoutMs) is the one cleared.
    const timer = set.mock.results[set.mock.calls.findIndex(([, ms]) => ms === policy.timeoutMs)]!.value as unknown;
    expect(clear.mock.calls.map(([t]) => t as unknown)).toContain(timer);
    set.mockRestore();
    expect(added.mock.calls[0]![0]).toBe('abort');
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledTimes(1);
    expect(removed.mock.calls[0]![1]).toBe(added.mock.calls[0]![1]);
    expect(deadlineRemoved).toHaveBeenCalledTimes(1);
    expect(deadlineRemoved.mock.calls[0]![0]).toBe('abort');
    expect(removed.mock.calls[0]![0]).toBe('abort');
    expect(clear).toHaveBeenCalled();
    clear.mockRestore();
  });

  it('logs the request and the status with its time, never the key', async () => {
    const lines: [string, Record<string, unknown> | undefined][] = [];
    const log = new Log({ debug: (message, fields) => void lines.push([message, fields]) }, credentials);
    const request = { url: `https://api.test/v1/nodes/${KEY}`, method: 'GET', headers: new Headers(), body: undefined };
    await attempt(contextWith(() => Promise.resolve(new Response('{}', { status: 200 })), { log, request, attempt: 2 }));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual([
      'sfcompute: getNode: GET https://api.test/v1/nodes/[redacted] (attempt 2)',
      { operation: 'getNode', attempt: 2, method: 'GET' },
    ]);
    expect(lines[1]![0]).toMatch(/^sfcompute: getNode: HTTP 200 in \d+ ms$/);
    expect(Number(/in (\d+) ms/.exec(lines[1]![0])![1])).toBeLessThan(5_000);
    expect(lines[1]![1]).toEqual({
      operation: 'getNode',
      attempt: 2,
      status: 200,
      requestId: undefined,
      durationMs: expect.any(Number) as number,
    });
  });
});
