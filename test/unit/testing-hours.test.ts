// Clock hours on Unix seconds (src/testing/hours.ts): the hour a second is in, its end, the next
// boundary at or after it, and the hours a span counts, each at and around an hour's edges.
import { describe, expect, it } from 'vitest';
import { HOUR, hourCeil, hourEnd, hourOf, hoursIn } from '../../src/testing/hours.js';

const H = 3600;

describe('testing hours', () => {
  it('an hour is 3600 seconds', () => {
    expect(HOUR).toBe(H);
  });

  it.each([
    // [second, hourOf, hourEnd, hourCeil]
    ['on a boundary', 0, 0, H, 0],
    ['one second in', 1, 0, H, H],
    ['mid-hour', 90 * 60, H, 2 * H, 2 * H],
    ['the last second of an hour', H - 1, 0, H, H],
    ['the next boundary', H, H, 2 * H, H],
    ['a real date on the hour (2026-01-01T00:00Z)', 1767225600, 1767225600, 1767225600 + H, 1767225600],
    ['a fraction of a second in (milliseconds / 1000)', 1767225600.5, 1767225600, 1767225600 + H, 1767225600 + H],
  ])('%s: %d', (_, t, of, end, ceil) => {
    expect({ of: hourOf(t), end: hourEnd(t), ceil: hourCeil(t) }).toEqual({ of, end, ceil });
  });

  it.each([
    ['none', 0, 0],
    ['a second: a started hour counts whole', 1, 1],
    ['exactly an hour', H, 1],
    ['an hour and a second', H + 1, 2],
    ['a day', 24 * H, 24],
  ])('hoursIn, %s', (_, seconds, hours) => {
    expect(hoursIn(seconds)).toBe(hours);
  });
});
