// A procurement's hour blocks, as pure functions (src/testing/fake/procurement-blocks.ts): which
// whole hours its window covers at a second, what is left of a block already begun, and the whole
// cents its max buy price allows.
import { describe, expect, it } from 'vitest';
import { bidCents, blockSpan, windowBlocks } from '../../src/testing/fake/procurement-blocks.js';

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
