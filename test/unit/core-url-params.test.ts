// core/url-params.ts: openapi-fetch's serialisers, with bad ids and query values that are not
// text refused in plain words before anything is sent.
import { describe, expect, it } from 'vitest';
import { checkedPathSerializer, checkedQuerySerializer } from '../../src/core/url-params.js';
import { ValidationError } from '../../src/index.js';
import { clientWith, rejectionOf } from './fake-fetch.js';

describe('checkedPathSerializer', () => {
  it('percent-encodes a good id as openapi-fetch does', () => {
    expect(checkedPathSerializer('https://api.test/v1/nodes/{id}', { id: 'a b/c?' })).toBe('https://api.test/v1/nodes/a%20b%2Fc%3F');
  });

  it.each([
    ['', 'a non-empty string'],
    [undefined, 'a non-empty string'],
    [7, 'a non-empty string'],
    ['.', 'an id or name other than "." and ".."'],
    ['..', 'an id or name other than "." and ".."'],
  ])('refuses %j, naming the parameter', (id, rule) => {
    expect(() => checkedPathSerializer('/v1/nodes/{id}', { id })).toThrow(new ValidationError([{ path: '/id', rule, value: id }]));
  });
});

describe('checkedQuerySerializer', () => {
  it('serialises in form style with arrays repeated, leaving out undefined and empty lists', () => {
    expect(checkedQuerySerializer({ id: ['n_1', 'n 2'], type: 'reserved', name: undefined, other: [] })).toBe(
      'id=n_1&id=n%202&type=reserved',
    );
  });

  it('leaves out a null inside a list, as it leaves out a null value', () => {
    expect(checkedQuerySerializer({ id: ['a', null, 'b', undefined], name: null })).toBe('id=a&id=b');
  });

  it.each([
    ['a Date', new Date(0)],
    ['an object', { a: 1 }],
    ['an empty object', {}],
  ])('refuses %s instead of dropping or nesting it', (_what, value) => {
    expect(() => checkedQuerySerializer({ since_realtime_timestamp: value })).toThrow(
      new ValidationError([{ path: '/query/since_realtime_timestamp', rule: 'a string, number or boolean, or a list of them', value }]),
    );
  });

  it('refuses an object inside a list, naming the parameter, and nothing is sent', async () => {
    expect(() => checkedQuerySerializer({ id: [{ a: 1 }] })).toThrow('/query/id must be a string, number or boolean, or a list of them');
    const { sfc, requests } = clientWith();
    const error = await rejectionOf(sfc.nodes.list({ id: [{ a: 1 } as never] }, { validateRequests: false }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(0);
  });
});
