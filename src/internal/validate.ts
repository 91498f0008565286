// Checks on caller input that must hold before a request is built. Full schema validation of
// bodies is a separate concern; these guard the URL itself.
import { ValidationError } from '../errors.js';

/**
 * Returns `value` if it can stand as one path segment, else throws `ValidationError` naming
 * `field`. `.` and `..` are refused because URL normalisation would turn `/v1/nodes/../extend`
 * into `/v1/extend`: another endpoint. Every other character is percent-encoded by the serializer.
 */
export function pathSegment(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError([{ path: `/${field}`, rule: 'a non-empty string', value }]);
  }
  if (value === '.' || value === '..') {
    throw new ValidationError([{ path: `/${field}`, rule: 'an id or name other than "." and ".."', value }]);
  }
  return value;
}

/**
 * Throws `ValidationError` when more than one of `keys` is set in `query`: for filters the API
 * documents as mutually exclusive (an empty array counts as not set, as it is not sent).
 */
export function atMostOneOf(query: Record<string, unknown> | undefined, keys: readonly string[]): void {
  if (!query) return;
  const set = keys.filter((key) => {
    const value = query[key];
    return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
  });
  if (set.length > 1) {
    throw new ValidationError([
      {
        path: '/query',
        rule: `given at most one of ${keys.join(', ')}`,
        value: Object.fromEntries(set.map((key) => [key, query[key]])),
      },
    ]);
  }
}

/** Largest delay `setTimeout` accepts, in milliseconds. */
export const MAX_TIMEOUT_MS = 2_147_483_647;
export const TIMEOUT_RULE = `a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`;
export const RETRIES_RULE = 'a whole number, 0 or more';

export function isTimeoutMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TIMEOUT_MS;
}

export function isRetryBudget(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as AbortSignal;
  return typeof value === 'object' && value !== null && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function';
}

/** Throws `ValidationError` if a per-call option (`signal`, `headers`, `timeoutMs`, `maxRetries`) is malformed. */
export function checkCallOptions(
  options: { timeoutMs?: unknown; maxRetries?: unknown; signal?: unknown; headers?: unknown } | undefined,
): void {
  if (!options) return;
  const issues = [];
  if (options.signal !== undefined && !isAbortSignal(options.signal)) {
    issues.push({ path: '/options/signal', rule: 'an AbortSignal (pass controller.signal, not the controller)', value: typeof options.signal });
  }
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null)) {
    issues.push({ path: '/options/headers', rule: 'an object of header names to values', value: options.headers });
  }
  if (options.timeoutMs !== undefined && !isTimeoutMs(options.timeoutMs)) {
    issues.push({ path: '/options/timeoutMs', rule: TIMEOUT_RULE, value: options.timeoutMs });
  }
  if (options.maxRetries !== undefined && !isRetryBudget(options.maxRetries)) {
    issues.push({ path: '/options/maxRetries', rule: RETRIES_RULE, value: options.maxRetries });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
