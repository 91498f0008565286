// core/url-params.ts: openapi-fetch's serialisers, which never throw, and the checks the request
// middleware runs to refuse bad ids and query values that are not text, naming the operation,
// before anything is sent.
import { describe, expect, it } from 'vitest';
import {
  encodedQuerySerializer,
  lenientPathSerializer,
  lenientQuerySerializer,
  pathParamIssues,
  queryParamIssues,
} from '../../src/core/url-params.js';
import { ValidationError } from '../../src/index.js';
import { clientWith, rejectionOf } from './fake-fetch.js';

describe('path parameters', () => {
  it('percent-encodes a good id as openapi-fetch does', () => {
    expect(lenientPathSerializer('https://api.test/v1/nodes/{id}', { id: 'a b/c?' })).toBe('https://api.test/v1/nodes/a%20b%2Fc%3F');
    expect(pathParamIssues({ id: 'a b/c?' })).toEqual([]);
  });

  it.each([
    ['', 'a non-empty string'],
    [undefined, 'a non-empty string'],
    [7, 'a non-empty string'],
    ['.', 'an id or name other than "." and ".."'],
    ['..', 'an id or name other than "." and ".."'],
  ])('refuses %j, naming the parameter, and leaves the template unfilled', (id, rule) => {
    expect(pathParamIssues({ id })).toEqual([{ path: '/id', rule, value: id }]);
    expect(lenientPathSerializer('/v1/nodes/{id}', { id })).toBe('/v1/nodes/{id}');
  });

  it('refuses a bad id through the client with the operation named, sending nothing', async () => {
    const { sfc, requests } = clientWith();
    const error = await rejectionOf(sfc.nodes.extend('..', { duration_seconds: 3600, max_price_per_node_hour: 100 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      'PATCH /v1/nodes/{id}/extend (extendNode): /id must be an id or name other than "." and ".." (got "..")',
    );
    expect(requests).toHaveLength(0);
  });
});

describe('query parameters', () => {
  it.each([
    [{ 'type=reserved&id': 'n_1' }, 'type%3Dreserved%26id=n_1'],
    [{ 'a#b': 'x', after: 'y' }, 'a%23b=x&after=y'],
    [{ 'ids[]': ['a', 'b'] }, 'ids%5B%5D=a&ids%5B%5D=b'],
    [JSON.parse('{"__proto__":"x"}') as Record<string, unknown>, '__proto__=x'],
  ])('percent-encodes every name: %j as %s', (query, sent) => {
    expect(lenientQuerySerializer(query)).toBe(sent);
    expect(encodedQuerySerializer(query)).toBe(sent);
  });

  it('serialises in form style with arrays repeated, leaving out undefined and empty lists', () => {
    expect(lenientQuerySerializer({ id: ['n_1', 'n 2'], type: 'reserved', name: undefined, other: [] })).toBe(
      'id=n_1&id=n%202&type=reserved',
    );
  });

  it('leaves out a null inside a list, as it leaves out a null value', () => {
    expect(lenientQuerySerializer({ id: ['a', null, 'b', undefined], name: null })).toBe('id=a&id=b');
    expect(queryParamIssues({ id: ['a', null, 'b', undefined], name: null })).toEqual([]);
  });

  it.each([
    ['a Date', new Date(0)],
    ['an object', { a: 1 }],
    ['an empty object', {}],
  ])('refuses %s instead of dropping or nesting it', (_what, value) => {
    expect(queryParamIssues({ since_realtime_timestamp: value, limit: 5 })).toEqual([
      { path: '/query/since_realtime_timestamp', rule: 'a string, number or boolean, or a list of them', value },
    ]);
    expect(lenientQuerySerializer({ since_realtime_timestamp: value, limit: 5 })).toBe('limit=5');
  });

  it.each([
    ['a query value', { name: 'a\uD800' }, '/query/name', 'a\uD800'],
    ['a value in a list', { id: ['n_1', '\uDC00b'] }, '/query/id', ['n_1', '\uDC00b']],
    ['a query name', { ['x\uD800']: 'a' }, '/query/x\uD800', 'x\uD800'],
  ])(
    'refuses %s with a lone surrogate (no UTF-8 can carry it), where encodeURIComponent would throw URIError',
    (_what, query, path, value) => {
      expect(queryParamIssues(query)).toEqual([{ path, rule: 'text without a lone surrogate (it cannot be sent as UTF-8)', value }]);
      expect(() => lenientQuerySerializer(query)).not.toThrow();
    },
  );

  it('lets a name with a lone surrogate pass when its value is absent: it is left out of the URL, as before', () => {
    const query = { ['a\uD800']: undefined, ['b\uDC00']: null, limit: 5 };
    expect(queryParamIssues(query)).toEqual([]);
    expect(lenientQuerySerializer(query)).toBe('limit=5');
  });

  it('refuses a lone surrogate in an id or a query value through the client, typed, sending nothing', async () => {
    const { sfc, requests } = clientWith();
    for (const call of [() => sfc.nodes.get('n_\uD800'), () => sfc.nodes.list({ name: ['\uDFFF'] }, { validateRequests: false })]) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toContain('must be text without a lone surrogate (it cannot be sent as UTF-8)');
    }
    expect(requests).toHaveLength(0);
  });

  it('refuses an object inside a list, naming the parameter, and nothing is sent', async () => {
    expect(queryParamIssues({ id: [{ a: 1 }] })).toEqual([
      { path: '/query/id', rule: 'a string, number or boolean, or a list of them', value: [{ a: 1 }] },
    ]);
    const { sfc, requests } = clientWith();
    const error = await rejectionOf(sfc.nodes.list({ id: [{ a: 1 } as never] }, { validateRequests: false }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      'GET /v1/nodes (listNodes): /query/id must be a string, number or boolean, or a list of them (got [{"a":1}])',
    );
    expect(requests).toHaveLength(0);
  });
});
