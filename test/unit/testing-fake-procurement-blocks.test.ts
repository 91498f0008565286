// A procurement's hour blocks and its status, as pure functions (src/testing/fake/procurement-blocks.ts
// and statusMessage in procurement-orders.ts): which whole hours its window covers at a second,
// what is left of a block already begun, the whole cents its max buy price allows, and the words
// of its status.
import { describe, expect, it } from 'vitest';
import { bidCents, blockSpan, hourOf, windowBlocks } from '../../src/testing/fake/procurement-blocks.js';
import { type HoldingFacts, statusMessage } from '../../src/testing/fake/procurement-orders.js';

const H = 3600;
const M = 60;

describe('procurement blocks: windowBlocks', () => {
  it.each([
    // [at, window minutes, hours covered (by their first second)]
    ['on the hour, 60 minutes: only the hour that begins', 0, 60, [0]],
    ['mid-hour, 60 minutes: only the hour running', 30 * M, 60, [0]],
    ['the last second of an hour, 60 minutes', H - 1, 60, [0]],
    ['on the hour, 120 minutes: this hour and the next', H, 120, [H, 2 * H]],
    ['mid-hour, 120 minutes: the next hour begins within 60 minutes', 90 * M, 120, [H, 2 * H]],
    ['90 minutes at 00:29: 01:00 is 31 minutes off, more than 30', 29 * M, 90, [0]],
    ['90 minutes at 00:30: 01:00 is exactly 30 minutes off', 30 * M, 90, [0, H]],
    ['119 minutes on the hour: the next hour is 60 minutes off, more than 59', 0, 119, [0]],
    ['750 minutes (the docs example) at 00:10', 10 * M, 750, Array.from({ length: 12 }, (_, i) => i * H)],
    ['750 minutes at 00:30: the 13th hour begins 11 h 30 min later', 30 * M, 750, Array.from({ length: 13 }, (_, i) => i * H)],
    ['1440 minutes (the most) on the hour: 24 hours', 0, 1440, Array.from({ length: 24 }, (_, i) => i * H)],
    ['1440 minutes mid-hour: 24 hours, the first already begun', 5 * M, 1440, Array.from({ length: 24 }, (_, i) => i * H)],
  ])('%s', (_, at, minutes, expected) => {
    expect(windowBlocks(at, minutes)).toEqual(expected);
  });

  it('never covers more hours than the window rounded up to hours (the client’s worst case counts those)', () => {
    for (let minutes = 60; minutes <= 1440; minutes += 1) {
      for (const at of [0, 1, 30 * M - 1, 30 * M, H - 1]) {
        expect(windowBlocks(at, minutes).length).toBeLessThanOrEqual(Math.ceil(minutes / 60));
      }
    }
  });

  it('names each hour by its first second', () => {
    expect([hourOf(0), hourOf(H - 1), hourOf(H), hourOf(H + 1)]).toEqual([0, 0, H, H]);
  });
});

describe('procurement blocks: blockSpan', () => {
  it.each([
    ['a block to come: all of it', 2 * H, 90 * M, { from: 2 * H, to: 3 * H }],
    ['a block already begun: from now to its end', H, 90 * M, { from: 90 * M, to: 2 * H }],
    ['a block that begins now: all of it', H, H, { from: H, to: 2 * H }],
  ])('%s', (_, hour, at, expected) => {
    expect(blockSpan(hour, at)).toEqual(expected);
  });
});

describe('procurement blocks: bidCents', () => {
  it.each([
    ['a whole number of cents on the grid', '10.000020', 1000],
    ['rounded to the grid first: 10.000000 is 10.000020', '10.000000', 1000],
    ['just under $10 on the grid', '9.999960', 999],
    ['rounded down to the grid, under $10', '9.999970', 999],
    ['rounded up to the grid, over $10', '9.999990', 1000],
    ['dollars given where cents are meant: 0.160020 on the grid', '0.160000', 16],
    ['nothing', '0.000000', 0],
    ['a price beyond safe integers stays the largest one', '99999999999999999999.000000', Number.MAX_SAFE_INTEGER],
  ])('%s: %s → %i cents', (_, dollars, cents) => {
    expect(bidCents(dollars)).toBe(cents);
  });
});

describe('procurement status: statusMessage', () => {
  const facts = (over: Partial<HoldingFacts>): HoldingFacts => ({
    enabled: true,
    target: 3,
    holding: 3,
    round: { blocks: 2, short: 0, why: [], marketCents: 1000 },
    maxBuy: '10.000020',
    zone: 'hayesvalley',
    ...over,
  });
  it.each([
    ['all held', facts({}), 'Holding 3 of 3 nodes.'],
    ['one node', facts({ target: 1, holding: 1 }), 'Holding 1 of 1 node.'],
    [
      'a bid under the market price',
      facts({ holding: 0, maxBuy: '9.999960', round: { blocks: 2, short: 2, why: ['price'], marketCents: 1000 } }),
      'Holding 0 of 3 nodes. Its last round left 2 of the 2 hour blocks of its window short: its max buy price, $9.999960 per node-hour, was under the market price, $10.000000.',
    ],
    [
      'no balance for the later blocks',
      facts({ round: { blocks: 4, short: 3, why: ['balance'], marketCents: 1000 } }),
      'Holding 3 of 3 nodes. Its last round left 3 of the 4 hour blocks of its window short: the balance could not pay for them.',
    ],
    [
      'no room, then no balance',
      facts({ holding: 1, round: { blocks: 2, short: 2, why: ['room', 'balance'], marketCents: 1000 } }),
      'Holding 1 of 3 nodes. Its last round left 2 of the 2 hour blocks of its window short: zone hayesvalley had no room for them; the balance could not pay for them.',
    ],
    [
      'no zone at all',
      facts({ holding: 0, zone: undefined, round: { blocks: 1, short: 1, why: ['room'], marketCents: 1000 } }),
      'Holding 0 of 3 nodes. Its last round left 1 of the 1 hour blocks of its window short: the fake had no zone to buy them in.',
    ],
    ['disabled, nothing held', facts({ enabled: false, holding: 0 }), 'Disabled: no orders are standing.'],
    [
      'disabled, blocks still held',
      facts({ enabled: false, holding: 2 }),
      'Disabled: no orders are standing. Its capacity still holds 2 nodes bought before.',
    ],
    [
      'node_count',
      facts({ target: 'node_count', holding: 0 }),
      "Tracking the node count of the capacity: the fake's nodes are on no capacity, so it tracks 0 nodes and buys nothing.",
    ],
  ])('%s', (_, given, expected) => {
    expect(statusMessage(given)).toBe(expected);
  });
});
