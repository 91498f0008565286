// The words of a procurement's status, as a pure function (statusMessage in
// src/testing/fake/procurement-status.ts): what its capacity holds and why its last round of
// buying left blocks short, one row per case.
import { describe, expect, it } from 'vitest';
import { type HoldingFacts, statusMessage } from '../../src/testing/fake/procurement-status.js';

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
