// A procurement's hour blocks as plain arithmetic on Unix seconds, with no state: which blocks its
// window covers at a given second, what is left of a block bought after it began, and its max buy
// price as the whole cents a market price is compared with. The docs say orders are placed in
// 1-hour blocks and the furthest hour is secured up to `managed_window_minutes - 60` minutes
// before it begins; the fake reads that as: blocks are whole clock hours, and at second t the
// window covers every hour not yet over that begins at most that many minutes after t.
import { roundToPriceTick } from '../../helpers/money.js';
import { HOUR, hourOf } from '../hours.js';
import type { Span } from '../state.js';

const MICROS_PER_CENT = 10_000n;

/**
 * The hour blocks a window of `windowMinutes` covers at Unix second `t`, each by its first second:
 * every whole hour h still running or to come (h + 3600 > t) that begins no more than
 * `windowMinutes - 60` minutes after t. The hour t is in is always one of them; a 60-minute window
 * covers only it.
 * @example windowBlocks(5400, 120) // [3600, 7200]: at 01:30 a 2-hour window covers 01:00 and 02:00
 * @example windowBlocks(3600, 120) // [3600, 7200]: on the hour, the same two
 * @example windowBlocks(5400, 90) // [3600, 7200]: 02:00 begins 30 minutes after 01:30
 */
export function windowBlocks(t: number, windowMinutes: number): number[] {
  const last = hourOf(t + (windowMinutes - 60) * 60);
  const blocks: number[] = [];
  for (let h = hourOf(t); h <= last; h += HOUR) blocks.push(h);
  return blocks;
}

/**
 * What is still to come at Unix second `t` of the block beginning at `hour`: all of it when it has
 * not begun, else from `t` to its end (charged as a whole hour all the same).
 * @example blockSpan(3600, 5400) // { from: 5400, to: 7200 }
 * @example blockSpan(7200, 5400) // { from: 7200, to: 10800 }
 */
export function blockSpan(hour: number, t: number): Span {
  return { from: Math.max(hour, t), to: hour + HOUR };
}

/**
 * The whole cents per node-hour a max buy price allows: the price on the API's $0.000060 grid,
 * in cents, rounded down. A market price in whole cents is at most the max buy price exactly when
 * it is at most this (the comparison is made in millionths of a dollar, with no binary fractions).
 * @example bidCents('10.000000') // 1000
 * @example bidCents('9.999970') // 999: on the grid it is 9.999960, under $10
 * @example bidCents('9.999990') // 1000: on the grid it is 10.000020
 */
export function bidCents(dollars: string): number {
  const cents = BigInt(roundToPriceTick(dollars).replace('.', '')) / MICROS_PER_CENT;
  return cents > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(cents);
}
