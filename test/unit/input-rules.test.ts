// The input rules the spec cannot say (src/validation/input-rules.ts), as pure functions: the
// exclusive nodes.list filters, and nodes.create's times, one row per branch. Seen through the
// client (refused before sending, listed with the schema's problems, skipped with
// validateRequests: false) they are tested in create-rules.test.ts.
import { describe, expect, it } from 'vitest';
import { ALWAYS_RULES, OPERATION_RULES, atMostOneOf } from '../../src/validation/input-rules.js';
import { HOUR, T0 } from '../support/money-bodies.js';

/** 2020-01-01T00:00:00Z, the earliest time the rules take as Unix seconds. */
const EARLIEST = Date.UTC(2020, 0, 1) / 1000;
const createRules = (body: unknown) => OPERATION_RULES.createNodes!({ body });
const paths = (body: unknown) => createRules(body).map((issue) => `${issue.path}: ${issue.rule}`);

describe('atMostOneOf: filters the API documents as exclusive', () => {
  it.each<[string, Record<string, unknown> | undefined, number]>([
    ['no query', undefined, 0],
    ['one filter', { id: ['n_1'] }, 0],
    ['two filters', { id: ['n_1'], name: ['a'] }, 1],
    ['a null filter is not set', { id: null, name: ['a'] }, 0],
    ['an empty list is not set (it is not sent)', { id: [], name: ['a'] }, 0],
    ['an undefined filter is not set', { id: undefined, type: 'reserved' }, 0],
  ])('%s', (_what, query, count) => {
    expect(atMostOneOf(query, ['id', 'name', 'type'])).toHaveLength(count);
  });

  it('names the keys and shows only the ones that were set', () => {
    expect(ALWAYS_RULES.listNodes!({ query: { id: ['n_1'], name: null, type: 'reserved' } })).toEqual([
      { path: '/query', rule: 'given at most one of id, name, type', value: { id: ['n_1'], type: 'reserved' } },
    ]);
  });
});

describe("nodes.create's rules on times", () => {
  it.each<[string, unknown, string[]]>([
    ['a reserved span in seconds', { start_at: T0, end_at: T0 + HOUR }, []],
    ['an auto reserved create', { start_at: T0 }, []],
    ['a body that is not an object', null, []],
    ['times given as text (the schema reports them)', { start_at: '5', end_at: '4' }, []],
    ['an end_at given as text is not compared with start_at', { start_at: T0, end_at: String(T0 - HOUR) }, []],
    ['a start_at given as text is not compared with end_at', { start_at: String(T0 + HOUR), end_at: T0 }, []],
    ['start_at exactly at 2020-01-01', { start_at: EARLIEST, end_at: T0 }, []],
    [
      'start_at a second before 2020',
      { start_at: EARLIEST - 1, end_at: T0 },
      ['/start_at: a Unix time in seconds from 2020 on (toUnixSeconds makes one from a date)'],
    ],
    ['end_at at start_at', { start_at: T0, end_at: T0 }, [`/end_at: after start_at (${T0})`]],
    [
      'start_at in milliseconds: its own problem, not also an end before it',
      { start_at: T0 * 1000, end_at: T0 + HOUR },
      ['/start_at: Unix seconds (this looks like milliseconds: divide by 1000)'],
    ],
    [
      'a reserved create without end_at',
      { node_type: 'reserved', start_at: T0 },
      ['/end_at: given for reserved nodes (an hour-aligned Unix time; leave node_type out for auto reserved nodes)'],
    ],
    [
      'a reserved create whose end_at is null',
      { node_type: 'reserved', end_at: null },
      ['/end_at: given for reserved nodes (an hour-aligned Unix time; leave node_type out for auto reserved nodes)'],
    ],
  ])('%s', (_what, body, expected) => {
    expect(paths(body)).toEqual(expected);
  });

  it('reports the refused value with each problem', () => {
    expect(createRules({ start_at: T0, end_at: T0 - HOUR })).toEqual([
      { path: '/end_at', rule: `after start_at (${T0})`, value: T0 - HOUR },
    ]);
  });
});
