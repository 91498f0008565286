// The money guards' rules as pure functions (src/validation/money-guards.ts), one table row per
// branch: what each call may spend at worst and how the words say it, why it cannot be known,
// what the cost limit reports, and which durations and times read as milliseconds. The guards
// seen through the client (refused before sending, on the core entry, per call) are in
// money-guards.test.ts.
import { describe, expect, it } from 'vitest';
import { MAX_UNIX_SECONDS } from '../../src/helpers/time.js';
import {
  costLimitIssue,
  millisecondDurationIssues,
  millisecondTimeIssue,
  millisecondTimeIssues,
  type WorstCase,
  worstCase,
} from '../../src/validation/money-guards.js';
import type { OperationId } from '../../generated/operations.js';
import { HOUR, T0, create, procurement } from '../support/money-bodies.js';

const NOW_MS = T0 * 1000;
const NODE_COUNT = 'a node_count target buys for every node the capacity tracks, a count no request states';
const NOTHING = { cents: 0n, how: 'nothing' };
const malformed = (unknown: string) => ({ unknown, malformed: true });
const WHOLE = 'is not a whole number, 0 or more';

describe('worstCase: what one call may spend at most, and how it was counted', () => {
  it.each<[string, OperationId, unknown, WorstCase]>([
    [
      'a reserved create: nodes × hours × max price',
      'createNodes',
      { ...create, desired_count: 3, start_at: T0, end_at: T0 + 5 * HOUR },
      { cents: 15_000n, how: '3 nodes × 5 hours × 1000 cents per node-hour', fromNow: false },
    ],
    [
      'a reserved create from now, hours rounded up',
      'createNodes',
      { ...create, end_at: T0 + 2 * HOUR - 1800 },
      { cents: 2000n, how: '1 node × 2 hours × 1000 cents per node-hour', fromNow: true },
    ],
    [
      'a reserved create of one hour: singular words',
      'createNodes',
      { ...create, start_at: T0, end_at: T0 + HOUR },
      { cents: 1000n, how: '1 node × 1 hour × 1000 cents per node-hour', fromNow: false },
    ],
    [
      'an auto reserved create: its first hour',
      'createNodes',
      { ...create, desired_count: 2 },
      { cents: 2000n, how: '2 nodes × 1 hour (the first of an auto reserved node) × 1000 cents per node-hour' },
    ],
    [
      'an end_at of null is an auto reserved create',
      'createNodes',
      { ...create, end_at: null },
      { cents: 1000n, how: '1 node × 1 hour (the first of an auto reserved node) × 1000 cents per node-hour' },
    ],
    [
      'node_type autoreserved counts its first hour whatever end_at says',
      'createNodes',
      { ...create, node_type: 'autoreserved', start_at: T0, end_at: T0 + 5 * HOUR },
      { cents: 1000n, how: '1 node × 1 hour (the first of an auto reserved node) × 1000 cents per node-hour' },
    ],
    [
      'times in milliseconds: their span counted as seconds (the time rules refuse them)',
      'createNodes',
      { ...create, start_at: T0 * 1000, end_at: T0 * 1000 + 3_600_000 },
      { cents: 1_000_000n, how: '1 node × 1000 hours × 1000 cents per node-hour', fromNow: false },
    ],
    [
      'an end two hours before the start buys nothing by this count (the create rules refuse it)',
      'createNodes',
      { ...create, start_at: T0, end_at: T0 - 2 * HOUR },
      { cents: 0n, how: '1 node × 0 hours × 1000 cents per node-hour', fromNow: false },
    ],
    [
      'an end that is not after now: now was most likely read from the wrong clock',
      'createNodes',
      { ...create, end_at: T0 },
      { unknown: `end_at (${T0}) is not after now`, fromNow: true },
    ],
    ['a desired_count of 1.5', 'createNodes', { ...create, desired_count: 1.5 }, malformed(`desired_count ${WHOLE}`)],
    [
      'a max price given as text',
      'createNodes',
      { ...create, max_price_per_node_hour: '1000' },
      malformed(`max_price_per_node_hour ${WHOLE}`),
    ],
    ['an end_at of 1.5', 'createNodes', { ...create, end_at: 1.5 }, malformed(`end_at ${WHOLE}`)],
    ['an end_at given as text', 'createNodes', { ...create, end_at: String(T0) }, malformed(`end_at ${WHOLE}`)],
    ['a start_at given as text', 'createNodes', { ...create, start_at: String(T0), end_at: T0 + HOUR }, malformed(`start_at ${WHOLE}`)],
    [
      'an extend: hours × max price',
      'extendNode',
      { duration_seconds: 3 * HOUR, max_price_per_node_hour: 1200 },
      { cents: 3600n, how: '1 node × 3 hours × 1200 cents per node-hour' },
    ],
    [
      'an extend of part of an hour, rounded up',
      'extendNode',
      { duration_seconds: 5400, max_price_per_node_hour: 1000 },
      { cents: 2000n, how: '1 node × 2 hours × 1000 cents per node-hour' },
    ],
    [
      'an extend of a negative duration',
      'extendNode',
      { duration_seconds: -HOUR, max_price_per_node_hour: 1000 },
      malformed(`duration_seconds ${WHOLE}`),
    ],
    [
      'an extend at a max price of 1.5 cents',
      'extendNode',
      { duration_seconds: HOUR, max_price_per_node_hour: 1.5 },
      malformed(`max_price_per_node_hour ${WHOLE}`),
    ],
    [
      'a procurement for 4 nodes over a 90-minute window at $2.50 (ticked $2.50002)',
      'createProcurement',
      procurement,
      { cents: 2001n, how: '4 nodes × 2 hours of its window × 250.01 cents per node-hour' },
    ],
    ['a procurement created disabled', 'createProcurement', { ...procurement, enabled: false }, NOTHING],
    [
      'a procurement tracking the node count',
      'createProcurement',
      { ...procurement, target: 'node_count' },
      { unknown: `${NODE_COUNT} (up to 500.01 cents per node: 2 hours at 250.01 cents per node-hour)` },
    ],
    [
      'a procurement whose buy price is a number, not a dollar string',
      'createProcurement',
      { ...procurement, max_buy_price_dollars_per_node_hour: 2.5 },
      malformed('max_buy_price_dollars_per_node_hour is not a dollar amount'),
    ],
    [
      'a procurement whose window is given as text',
      'createProcurement',
      { ...procurement, managed_window_minutes: '90' },
      malformed(`managed_window_minutes ${WHOLE}`),
    ],
    [
      'a procurement whose target is neither node_count nor a count',
      'createProcurement',
      { ...procurement, target: 'all' },
      malformed('target is not node_count or a whole number of nodes'),
    ],
    ['an update that disables', 'updateProcurement', { enabled: false, max_buy_price_dollars_per_node_hour: '9.000000' }, NOTHING],
    ['an update of the name and sell price', 'updateProcurement', { name: 'x', min_sell_price_dollars_per_node_hour: '1.0' }, NOTHING],
    ['an update that sets the window to null (not given)', 'updateProcurement', { managed_window_minutes: null }, NOTHING],
    [
      'an update of the buy price',
      'updateProcurement',
      { max_buy_price_dollars_per_node_hour: '3.000000' },
      { unknown: `${NODE_COUNT} (at up to 300.00 cents per node-hour)` },
    ],
    [
      'an update of the window',
      'updateProcurement',
      { managed_window_minutes: 120 },
      { unknown: `${NODE_COUNT} (at its current buy price)` },
    ],
    ['an update that enables', 'updateProcurement', { enabled: true }, { unknown: `${NODE_COUNT} (at its current buy price)` }],
    ['an operation that moves no money', 'getNode', undefined, NOTHING],
    ['a body that is text', 'extendNode', 'x', malformed('the body is not an object')],
    ['a body that is null', 'extendNode', null, malformed('the body is not an object')],
    ['a body that is a list', 'extendNode', [], malformed('the body is not an object')],
  ])('%s', (_what, operation, body, expected) => {
    expect(worstCase(operation, body, NOW_MS)).toEqual(expected);
  });
});

describe('costLimitIssue: the problem when a call may spend more than maxCallCostCents', () => {
  const clock = { ms: NOW_MS, system: false };

  it('is none at or under the limit, and names the limit, the cost and how it was counted over it', () => {
    const extend = { duration_seconds: 2 * HOUR, max_price_per_node_hour: 1000 };
    expect(costLimitIssue('extendNode', extend, 2000, clock, false)).toBeUndefined();
    expect(costLimitIssue('extendNode', extend, 1999, clock, false)).toEqual({
      path: '/',
      rule: 'a call that may spend at most maxCallCostCents, 1999 cents ($19.99): at worst this one spends 2000 cents ($20.00), 1 node × 2 hours × 1000 cents per node-hour',
      value: 2000,
    });
  });

  it('gives the cost as a number up to Number.MAX_SAFE_INTEGER cents, and as text beyond it', () => {
    const largest = costLimitIssue('createNodes', { ...create, max_price_per_node_hour: Number.MAX_SAFE_INTEGER }, 0, clock, false);
    expect(largest?.value).toBe(Number.MAX_SAFE_INTEGER);
    const beyond = { duration_seconds: Number.MAX_SAFE_INTEGER, max_price_per_node_hour: 1_000_000 };
    expect(costLimitIssue('extendNode', beyond, 0, clock, false)?.value).toBe('2501999792984000000');
  });

  it('refuses a call whose worst case cannot be known, with why and how to lift the limit', () => {
    expect(costLimitIssue('createProcurement', { ...procurement, target: 'node_count' }, 100_000, clock, true)).toEqual({
      path: '/',
      rule: `a call whose worst case is known, under maxCallCostCents, 100000 cents ($1000.00): ${NODE_COUNT} (up to 500.01 cents per node: 2 hours at 250.01 cents per node-hour); pass { maxCallCostCents: null } to this call to lift it`,
      value: 'an unknown amount',
    });
  });

  it('leaves a field of the wrong type to the schema when the schema reported something, and reports it when nothing else did', () => {
    const body = { ...create, desired_count: 1.5 };
    expect(costLimitIssue('createNodes', body, 100, clock, true)).toBeUndefined();
    expect(costLimitIssue('createNodes', body, 100, clock, false)?.rule).toBe(
      `a call whose worst case is known, under maxCallCostCents, 100 cents ($1.00): desired_count ${WHOLE}; pass { maxCallCostCents: null } to this call to lift it`,
    );
  });

  it('names the clock "now" was read from when the count started from it', () => {
    const late = { ...create, end_at: T0 };
    expect(costLimitIssue('createNodes', late, 100, clock, false)?.rule).toContain(
      `end_at (${T0}) is not after now (2026-01-01T00:00:00.000Z by the client's clock)`,
    );
    expect(costLimitIssue('createNodes', late, 100, { ms: NOW_MS, system: true }, false)?.rule).toContain(
      '(2026-01-01T00:00:00.000Z by the system clock: with a fake API, pass { clock: fake.clock } to the client)',
    );
  });
});

describe('durations and times that read as milliseconds', () => {
  const now = () => NOW_MS;
  const OPT_OUT = 'pass { allowMillisecondLikeDurations: true } to this call if you mean it';

  it('counts a create span without start_at (or with start_at null) from now', () => {
    const expected = [
      {
        path: '/end_at',
        rule: `a span in seconds from now (end_at - now is 3600000 seconds is 1000 hours: this looks like 1 hour in milliseconds, divide the span by 1000; ${OPT_OUT})`,
        value: T0 + 1000 * HOUR,
      },
    ];
    expect(millisecondDurationIssues('createNodes', { end_at: T0 + 1000 * HOUR }, now)).toEqual(expected);
    expect(millisecondDurationIssues('createNodes', { start_at: null, end_at: T0 + 1000 * HOUR }, now)).toEqual(expected);
  });

  it('leaves a span alone when a time is itself in milliseconds (that has its own problem) or is not a whole number', () => {
    const inMs = { start_at: T0 * 1000, end_at: T0 * 1000 + 3_600_000 };
    expect(millisecondDurationIssues('createNodes', inMs, now)).toEqual([]);
    expect(millisecondDurationIssues('createNodes', { start_at: 'x', end_at: T0 + 1000 * HOUR }, now)).toEqual([]);
    // From now to an end_at in milliseconds is a multiple of 3,600,000 seconds here: end_at's own problem, not also a span.
    expect(millisecondDurationIssues('createNodes', { end_at: T0 + 3_600_000 * 28_000 }, now)).toEqual([]);
    expect(millisecondDurationIssues('createNodes', { start_at: T0, end_at: String(T0 + 1000 * HOUR) }, now)).toEqual([]);
  });

  it('takes end_at = MAX_UNIX_SECONDS as seconds, and one more as milliseconds', () => {
    const span = { start_at: MAX_UNIX_SECONDS - 3_600_000, end_at: MAX_UNIX_SECONDS };
    expect(millisecondDurationIssues('createNodes', span, now)).toHaveLength(1);
    expect(millisecondTimeIssue('/end_at', MAX_UNIX_SECONDS)).toBeUndefined();
    expect(millisecondTimeIssue('/end_at', MAX_UNIX_SECONDS + 1)).toEqual({
      path: '/end_at',
      rule: 'Unix seconds (this looks like milliseconds: divide by 1000)',
      value: MAX_UNIX_SECONDS + 1,
    });
    expect(millisecondTimeIssue('/end_at', String(T0 * 1000))).toBeUndefined();
  });

  it('checks times only on nodes.create, and only in an object body', () => {
    const times = { start_at: T0 * 1000, end_at: T0 * 1000 };
    expect(millisecondTimeIssues('createNodes', times).map((issue) => issue.path)).toEqual(['/start_at', '/end_at']);
    expect(millisecondTimeIssues('extendNode', times)).toEqual([]);
    expect(millisecondTimeIssues('createNodes', null)).toEqual([]);
  });
});
