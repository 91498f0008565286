// Time values the API wants as whole hours: `duration_seconds` (a multiple of 3600) and `end_at`
// (Unix seconds on an hour boundary).
import { ValidationError } from '../errors.js';

const HOUR = 3600;

/**
 * A point in time as Unix seconds: from a `Date`, an ISO 8601 string, or Unix seconds (returned
 * as they are if whole).
 * @example toUnixSeconds('2026-11-22T13:00:00Z') // 1795352400
 */
export function toUnixSeconds(time: Date | string | number): number {
  let ms: number;
  if (time instanceof Date) ms = time.getTime();
  else if (typeof time === 'string') ms = /^\d{4}-\d{2}-\d{2}/.test(time.trim()) ? Date.parse(time) : Number.NaN;
  else if (typeof time === 'number' && Number.isSafeInteger(time)) return time;
  else ms = Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ValidationError([{ path: '/time', rule: 'a valid Date, an ISO 8601 string or whole Unix seconds', value: time }]);
  }
  return Math.floor(ms / 1000);
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
  const seconds = toUnixSeconds(time);
  const floor = Math.floor(seconds / HOUR) * HOUR;
  return direction === 'down' || floor === seconds ? floor : floor + HOUR;
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
