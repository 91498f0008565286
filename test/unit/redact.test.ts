// The masking functions themselves (src/internal/redact.ts, src/core/secrets.ts), branch by branch:
// headers, foreign errors copied as causes, thrown values described, secrets read from responses.
// What a user sees through the client (no key in any error, log line or message) is tested in
// redaction.test.ts.
import { describe, expect, it } from 'vitest';
import { holdsSecret, secretsIn } from '../../src/core/secrets.js';
import { MASK, describeThrown, maskHeaders, maskValue, sanitizeError } from '../../src/internal/redact.js';

const KEY = 'sk_live_0123456789abcdefghij';
const TOKEN = 'tok_0123456789abcdefghijklmn';

describe('maskHeaders', () => {
  it('hands back the same headers when none holds a secret', () => {
    const headers = new Headers({ 'content-type': 'application/json', 'x-request-id': 'req_1' });
    expect(maskHeaders(headers, [KEY])).toBe(headers);
  });

  it('masks a secret echoed in the only header there is, for one secret or a list', () => {
    for (const secret of [KEY, [TOKEN, KEY]]) {
      const masked = maskHeaders(new Headers({ 'x-request-id': `Bearer ${KEY}` }), secret);
      expect([...masked]).toEqual([['x-request-id', `Bearer ${MASK}`]]);
    }
  });

  it('drops a header whose name holds a secret (names are lower-cased), and keeps each Set-Cookie', () => {
    const headers = new Headers([
      [`x-${KEY.toLowerCase()}`, '1'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    const masked = maskHeaders(headers, KEY);
    expect(masked).not.toBe(headers);
    expect([...masked.keys()]).toEqual(['set-cookie', 'set-cookie']);
    expect(masked.getSetCookie()).toEqual(['a=1', 'b=2']);
  });
});

describe('maskValue', () => {
  it('copies lists as lists and keeps a "__proto__" field a plain, writable field', () => {
    const body = JSON.parse(`{"__proto__": {"key": "${KEY}"}, "list": ["${KEY}", 1]}`) as unknown;
    const copy = maskValue(body, KEY) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')).toEqual({
      value: { key: MASK },
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(Array.isArray(copy.list)).toBe(true);
    expect(copy.list).toEqual([MASK, 1]);
  });
});

describe('sanitizeError: a foreign error copied to be a cause', () => {
  it('masks the message and the stack, and keeps a built-in class', () => {
    const error = new SyntaxError(`Unexpected token in ${KEY}`);
    error.stack = `SyntaxError: Unexpected token in ${KEY}\n    at parse (${KEY}.js:1:1)`;
    const copy = sanitizeError(error, KEY);
    expect(copy).toBeInstanceOf(SyntaxError);
    expect(copy.name).toBe('SyntaxError');
    expect(copy.message).toBe(`Unexpected token in ${MASK}`);
    expect(copy.stack).toBe(`SyntaxError: Unexpected token in ${MASK}\n    at parse (${MASK}.js:1:1)`);
  });

  it('keeps the name of an error class of its own (masked), as a plain Error', () => {
    class FetchError extends Error {
      override name = `FetchError for ${KEY}`;
    }
    const copy = sanitizeError(new FetchError('failed'), KEY);
    expect(copy).not.toBeInstanceOf(FetchError);
    expect(copy.constructor).toBe(Error);
    expect(copy.name).toBe(`FetchError for ${MASK}`);
  });

  it('copies an error without a stack, or without a constructor, without throwing', () => {
    const stackless = new Error(`no stack ${KEY}`);
    Object.defineProperty(stackless, 'stack', { value: undefined });
    expect(sanitizeError(stackless, KEY).message).toBe(`no stack ${MASK}`);
    const orphan = new Error(`no class ${KEY}`);
    Object.defineProperty(orphan, 'constructor', { value: undefined });
    expect(sanitizeError(orphan, KEY).message).toBe(`no class ${MASK}`);
  });

  it.each<[string, unknown, unknown]>([
    ['a text code, masked', `E_${KEY}`, `E_${MASK}`],
    ["Node's ECONNREFUSED", 'ECONNREFUSED', 'ECONNREFUSED'],
    ['a number', 42, 42],
    ['an object: not carried over', { key: KEY }, undefined],
  ])('copies a code that is %s', (_what, code, expected) => {
    const copy = sanitizeError(Object.assign(new Error('x'), { code }), KEY) as Error & { code?: unknown };
    expect(copy.code).toEqual(expected);
    expect('code' in copy).toBe(expected !== undefined);
  });

  it('carries nothing else over: no other field, and no cause where there was none', () => {
    const copy = sanitizeError(Object.assign(new Error('x'), { config: { apiKey: KEY } }), KEY);
    expect(Object.keys(copy)).toEqual([]);
    expect('cause' in copy).toBe(false);
  });

  it('copies the cause chain five levels deep, and stops there, also when it is a cycle', () => {
    const depthOf = (error: unknown) => {
      let depth = 0;
      for (let at = error; at instanceof Error; at = at.cause) depth++;
      return depth;
    };
    let chain = new Error(`level 8 ${KEY}`);
    for (let level = 7; level >= 1; level--) chain = new Error(`level ${level}`, { cause: chain });
    expect(depthOf(chain)).toBe(8);
    const copy = sanitizeError(chain, KEY);
    expect(depthOf(copy)).toBe(6);
    const cycle = new Error(`cycle ${KEY}`);
    cycle.cause = cycle;
    expect(depthOf(sanitizeError(cycle, KEY))).toBe(6);
  });

  it('stands a thrown value that is no error for an Error with its text, masked', () => {
    expect(sanitizeError(`refused: ${KEY}`, KEY).message).toBe(`refused: ${MASK}`);
    expect(sanitizeError({ reason: KEY }, KEY).message).toBe(`{"reason":"${MASK}"}`);
  });
});

describe('describeThrown', () => {
  it.each<[string, unknown, string]>([
    ['an error: its message', new TypeError('boom'), 'boom'],
    ['text: itself', 'plain', 'plain'],
    ['an object: its JSON', { a: 1 }, '{"a":1}'],
    ['undefined', undefined, 'undefined'],
    ['a value JSON cannot write', 10n, '[object BigInt]'],
  ])('%s', (_what, value, expected) => {
    expect(describeThrown(value)).toBe(expected);
  });
});

describe('secrets a response hands back', () => {
  it('are the token of a created token, and nothing of other operations', () => {
    expect(holdsSecret('createToken')).toBe(true);
    expect(holdsSecret('getNode')).toBe(false);
    expect(holdsSecret(undefined)).toBe(false);
    expect(secretsIn('createToken', { token: TOKEN, name: 'ci' })).toEqual([TOKEN]);
    expect(secretsIn('getNode', { token: TOKEN })).toEqual([]);
    expect(secretsIn(undefined, { token: TOKEN })).toEqual([]);
  });

  it('are none in a body that is not an object, or whose token is not text', () => {
    expect(secretsIn('createToken', null)).toEqual([]);
    expect(secretsIn('createToken', TOKEN)).toEqual([]);
    expect(secretsIn('createToken', { token: 42 })).toEqual([]);
  });
});
