// Time values the API wants as whole hours: `duration_seconds` (a multiple of 3600) and `end_at`
// (Unix seconds on an hour boundary).
import { ValidationError } from '../errors/index.js';

const HOUR = 3600;

// A date, or a date and time with a zone (Z or ±hh:mm): a time without a zone would depend on
// the machine's zone, so it is refused.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i;
/** Above this, a number is surely milliseconds, not seconds (it would be after the year 5000). */
export const MAX_UNIX_SECONDS = 1e11;
/** What an error adds when a Unix time in seconds is above MAX_UNIX_SECONDS. */
export const MILLISECONDS_HINT = 'this looks like milliseconds: divide by 1000';

function invalidTime(
  value: unknown,
  rule = 'a valid Date, an ISO 8601 date or date-time with a zone (Z or ±hh:mm), or whole Unix seconds',
): ValidationError {
  return new ValidationError([{ path: '/time', rule, value }]);
}

/** Milliseconds since the epoch of a time given as a Date, an ISO string or Unix seconds (throws ValidationError for anything else). */
export function toMs(time: Date | string | number): number {
  if (time instanceof Date) {
    const ms = time.getTime();
    if (!Number.isFinite(ms)) throw invalidTime(time);
    return ms;
  }
  if (typeof time === 'number') {
    if (!Number.isSafeInteger(time)) throw invalidTime(time);
    if (Math.abs(time) > MAX_UNIX_SECONDS) throw invalidTime(time, `whole Unix seconds (${MILLISECONDS_HINT})`);
    return time * 1000;
  }
  if (typeof time !== 'string') throw invalidTime(time);
  const match = ISO.exec(time.trim());
  if (!match) throw invalidTime(time);
  const [, y, mo, d, h, mi, sec, zone] = match;
  if (h !== undefined && zone === undefined) throw invalidTime(time);
  const ms = Date.parse(h === undefined ? `${y}-${mo}-${d}T00:00:00Z` : time.trim());
  // Date.parse rolls 2026-02-30 over to March; a date that does not exist is refused instead.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const exists = day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(mo) - 1 && day.getUTCDate() === Number(d);
  if (!Number.isFinite(ms) || !exists || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(sec ?? 0) > 59) throw invalidTime(time);
  return ms;
}

/**
 * A point in time as Unix seconds (rounded down): from a `Date`, an ISO 8601 string with a zone
 * (a bare date is midnight UTC), or Unix seconds (returned as they are).
 * @example toUnixSeconds('2026-11-22T13:00:00Z') // 1795352400
 */
export function toUnixSeconds(time: Date | string | number): number {
  return Math.floor(toMs(time) / 1000);
}

/**
 * A `Date` from Unix seconds as the API returns them (`start_at`, `end_at`, `created_at`…).
 * Refuses what is not whole seconds, and a number that looks like milliseconds.
 * @example fromUnixSeconds(1795352400).toISOString() // '2026-11-22T13:00:00.000Z'
 */
export function fromUnixSeconds(seconds: number): Date {
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds)) throw invalidTime(seconds, 'whole Unix seconds');
  if (Math.abs(seconds) > MAX_UNIX_SECONDS) throw invalidTime(seconds, `whole Unix seconds (${MILLISECONDS_HINT})`);
  return new Date(seconds * 1000);
}

/**
 * The time on an hour boundary, as Unix seconds, for `end_at`. Rounds up by default (an end time
 * never earlier than asked); pass `'down'` to round down. A time already on the hour is kept.
 * @param direction 'up' (default) or 'down'
 * @example alignToHour('2026-11-22T13:20:00Z') // 1795356000 (14:00 UTC)
 * @example alignToHour(new Date(), 'down')
 */
export function alignToHour(time: Date | string | number, direction: 'up' | 'down' = 'up'): number {
  if (direction !== 'up' && direction !== 'down') {
    throw new ValidationError([{ path: '/direction', rule: '"up" or "down"', value: direction }]);
  }
  const ms = toMs(time);
  const floor = Math.floor(ms / (HOUR * 1000)) * HOUR;
  // Up means never earlier than asked, to the millisecond.
  return direction === 'down' || floor * 1000 === ms ? floor : floor + HOUR;
}

/**
 * A whole number of hours in seconds, for `duration_seconds`.
 * @example hours(2) // 7200
 */
export function hours(count: number): number {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
    throw new ValidationError([{ path: '/hours', rule: 'a whole number of hours, 1 or more', value: count }]);
  }
  return count * HOUR;
}
