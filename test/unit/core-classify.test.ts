// core/classify.ts: whatever an attempt threw → a typed error and the failure kind the retry table
// reads. Node's fetch wraps the socket error in a TypeError('fetch failed') whose cause carries
// `code` and `syscall`; browsers throw a bare TypeError with a message of their own.
import { describe, expect, it } from 'vitest';
import { Credentials } from '../../src/core/auth.js';
import { classify, isGenericNetworkError, networkFailure } from '../../src/core/classify.js';
import { ConnectionError, RequestAbortedError, RequestTimeoutError, SFComputeError, ValidationError } from '../../src/index.js';

const KEY = 'sk_classify_SECRET_123';
const context = (extra: Partial<Parameters<typeof classify>[3]> = {}) => ({
  timeoutMs: 500,
  deadlineMs: 2_000,
  userSignal: undefined,
  credentials: new Credentials(KEY, 'https://api.test'),
  ...extra,
});
const socketError = (code: string, syscall?: string) => Object.assign(new Error(`${syscall ?? 'read'} ${code}`), { code, syscall });
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

describe('networkFailure', () => {
  it.each([
    ['ECONNREFUSED', 'connect', true],
    ['ENOTFOUND', 'getaddrinfo', true],
    ['EAI_AGAIN', 'getaddrinfo', true],
    ['EHOSTUNREACH', 'connect', true],
    ['ENETUNREACH', 'connect', true],
    ['EADDRNOTAVAIL', 'connect', true],
    ['EHOSTUNREACH', 'write', false],
    ['ECONNREFUSED', undefined, false],
    ['ECONNRESET', 'read', false],
    ['UND_ERR_CONNECT_TIMEOUT', undefined, true],
    ['UND_ERR_SOCKET', undefined, false],
  ])('%s from %s: never sent = %s', (code, syscall, neverSent) => {
    expect(networkFailure(fetchFailed(socketError(code, syscall)))).toEqual({ code, neverSent });
  });

  it('finds the code further down the cause chain, up to a limit', () => {
    const deep = (levels: number) => {
      let error: unknown = socketError('ECONNREFUSED', 'connect');
      for (let i = 0; i < levels; i++) error = new Error('wrapped', { cause: error });
      return error;
    };
    expect(networkFailure(deep(5))).toEqual({ code: 'ECONNREFUSED', neverSent: true });
    expect(networkFailure(deep(6))).toEqual({ code: undefined, neverSent: false });
  });

  it('stops at a cycle of aggregated errors', () => {
    const cycle = new AggregateError([], 'loops');
    (cycle.errors as unknown[]).push(cycle);
    expect(networkFailure(cycle)).toEqual({ code: undefined, neverSent: false });
  });

  it('ignores an empty or non-string code', () => {
    expect(networkFailure(Object.assign(new Error('x'), { code: '' }))).toEqual({ code: undefined, neverSent: false });
    expect(networkFailure(Object.assign(new Error('x'), { code: 42 }))).toEqual({ code: undefined, neverSent: false });
    expect(networkFailure('a string')).toEqual({ code: undefined, neverSent: false });
  });

  it('says never sent for several addresses only when no address connected (every, not some)', () => {
    const refusedBoth = new AggregateError([socketError('ECONNREFUSED', 'connect'), socketError('ECONNREFUSED', 'connect')], 'all failed');
    expect(networkFailure(fetchFailed(refusedBoth))).toEqual({ code: 'ECONNREFUSED', neverSent: true });
    const oneReset = new AggregateError([socketError('ECONNREFUSED', 'connect'), socketError('ECONNRESET', 'read')], 'mixed');
    expect(networkFailure(fetchFailed(oneReset))).toEqual({ code: 'ECONNREFUSED', neverSent: false });
    const codeless = new AggregateError([new Error('no code'), socketError('ETIMEDOUT', 'connect')], 'partly coded');
    expect(networkFailure(codeless)).toEqual({ code: 'ETIMEDOUT', neverSent: false });
    expect(networkFailure(new AggregateError([new Error('none')], 'no codes'))).toEqual({ code: undefined, neverSent: false });
  });
});

describe('isGenericNetworkError', () => {
  it.each([
    ['fetch failed', true], // Node
    ['Failed to fetch', true], // Chromium
    ['NetworkError when attempting to fetch resource.', true], // Firefox
    ['Load failed', true], // Safari
    ['The network connection was lost.', true], // Safari
    ['A network error occurred.', true],
    ['Cannot read properties of undefined', false],
  ])('TypeError(%j) → %s', (message, generic) => {
    expect(isGenericNetworkError(new TypeError(message))).toBe(generic);
  });

  it('is only a TypeError', () => {
    expect(isGenericNetworkError(new Error('fetch failed'))).toBe(false);
  });
});

describe('classify', () => {
  it('a caller abort before and after the headers', () => {
    const reason = new Error(`stop ${KEY}`);
    const before = classify(new Error('x'), 'caller', {}, context({ userSignal: AbortSignal.abort(reason) }));
    expect(before.kind).toBe('caller-abort');
    expect(before.error).toBeInstanceOf(RequestAbortedError);
    expect(before.error.message).toBe('Request aborted by the caller');
    expect((before.error.cause as Error).message).toBe('stop [redacted]');
    const after = classify(new Error('x'), 'caller', { status: 201 }, context());
    expect(after.error.message).toBe('Request aborted by the caller, once the server had answered 201 (the request may have taken effect)');
    expect((after.error as RequestAbortedError).responseStatus).toBe(201);
  });

  it('the deadline and the attempt timeout, with their limits', () => {
    const deadline = classify(new Error('x'), 'deadline', { status: 200 }, context());
    expect(deadline.kind).toBe('deadline');
    expect(deadline.error).toBeInstanceOf(RequestTimeoutError);
    expect(deadline.error).toMatchObject({ timeoutMs: 2_000, scope: 'deadline', responseStatus: 200 });
    expect(classify(new Error('x'), 'deadline', {}, context({ deadlineMs: undefined })).error).toMatchObject({ timeoutMs: 0 });
    const timeout = classify(new Error('x'), 'timeout', {}, context());
    expect(timeout.kind).toBe('attempt-timeout');
    expect(timeout.error).toMatchObject({ timeoutMs: 500, scope: 'attempt', responseStatus: undefined });
  });

  it('passes our own errors through as final', () => {
    const own = new ConnectionError('Gave up after 10 redirects');
    expect(classify(own, undefined, {}, context())).toEqual({ error: own, kind: 'unknown' });
    const invalid = new ValidationError([]);
    expect(classify(invalid, undefined, {}, context()).error).toBe(invalid);
  });

  it.each(['AbortError', 'TimeoutError'])('a %s from inside the fetch function is an abort, never retried', (name) => {
    const { error, kind } = classify(new DOMException('gave up', name), undefined, { status: 503 }, context());
    expect(kind).toBe('caller-abort');
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error.message).toBe(`Request stopped inside the fetch function (${name}): gave up`);
    expect((error as RequestAbortedError).responseStatus).toBe(503);
  });

  it('a connection never made, before any response', () => {
    const { error, kind } = classify(fetchFailed(socketError('ECONNREFUSED', 'connect')), undefined, {}, context());
    expect(kind).toBe('never-connected');
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe('Connection failed before a response arrived: fetch failed (ECONNREFUSED)');
    expect((error as ConnectionError).code).toBe('ECONNREFUSED');
  });

  it('a never-sent code while reading a body counts as broken, and the message says the request may have taken effect', () => {
    const { error, kind } = classify(fetchFailed(socketError('ECONNREFUSED', 'connect')), undefined, { status: 200 }, context());
    expect(kind).toBe('connection-broken');
    expect(error.message).toBe(
      'Connection failed, once the server had answered 200 (the request may have taken effect): fetch failed (ECONNREFUSED)',
    );
  });

  it('a reset, broken pipe, stalled or closed socket is a broken connection', () => {
    const kinds = Object.fromEntries(
      'ECONNRESET EPIPE ETIMEDOUT ECONNABORTED UND_ERR_SOCKET UND_ERR_CLOSED UND_ERR_HEADERS_TIMEOUT UND_ERR_BODY_TIMEOUT'
        .split(' ')
        .map((code) => [code, classify(fetchFailed(socketError(code)), undefined, {}, context()).kind]),
    );
    expect(new Set(Object.values(kinds))).toEqual(new Set(['connection-broken']));
    expect(Object.keys(kinds)).toHaveLength(8);
  });

  it('a thrown null or string is unknown and final', () => {
    expect(classify(null, undefined, {}, context())).toMatchObject({ kind: 'unknown' });
    expect(classify('boom', undefined, {}, context()).error.message).toBe('Connection failed before a response arrived: boom');
  });

  it('the runtime generic failure without a code is broken, its message as it is', () => {
    const { error, kind } = classify(new TypeError('Failed to fetch'), undefined, {}, context());
    expect(kind).toBe('connection-broken');
    expect(error.message).toBe('Connection failed before a response arrived: Failed to fetch');
  });

  it('the runtime generic failure without a code is broken; anything else is unknown and final', () => {
    expect(classify(new TypeError('Failed to fetch'), undefined, {}, context()).kind).toBe('connection-broken');
    expect(classify(fetchFailed(socketError('CERT_HAS_EXPIRED')), undefined, {}, context()).kind).toBe('unknown');
    expect(classify(new RangeError('bug in a custom fetch'), undefined, {}, context()).kind).toBe('unknown');
  });

  it('does not repeat a code the message already names, and masks the key', () => {
    const error = classify(socketError('ECONNRESET'), undefined, {}, context()).error;
    expect(error.message).toBe('Connection failed before a response arrived: read ECONNRESET');
    const leaky = classify(new TypeError(`fetch failed for Bearer ${KEY}`), undefined, {}, context()).error;
    expect(leaky.message).not.toContain(KEY);
    expect(leaky).toBeInstanceOf(SFComputeError);
  });
});
