// Clock hours in the fake API, on Unix seconds: the fake buys, renews and bills time in whole
// clock hours, and every file of src/testing that needs an hour's edge or a count of hours takes
// it from here.

/** Seconds in an hour. */
export const HOUR = 3600;

/** The first second of the clock hour Unix second `t` is in. @example hourOf(5400) // 3600 */
export const hourOf = (t: number): number => Math.floor(t / HOUR) * HOUR;

/**
 * The end of the clock hour Unix second `t` is in: the next hour boundary after it (`t` itself on
 * a boundary is the start of an hour, so its end is an hour later).
 * @example hourEnd(5400) // 7200
 * @example hourEnd(3600) // 7200
 */
export const hourEnd = (t: number): number => hourOf(t) + HOUR;

/**
 * The first hour boundary at or after Unix second `t`: `t` itself when it is on one.
 * @example hourCeil(5400) // 7200
 * @example hourCeil(3600) // 3600
 */
export const hourCeil = (t: number): number => Math.ceil(t / HOUR) * HOUR;

/**
 * Whole hours, a started one counting, in a span of `seconds`.
 * @example hoursIn(3600) // 1
 * @example hoursIn(3601) // 2
 */
export const hoursIn = (seconds: number): number => Math.ceil(seconds / HOUR);
