// Checks on caller input that must hold before a request is built. Full schema validation of
// bodies is a separate concern; these guard the URL itself.
import { ValidationError } from '../errors.js';

/**
 * Headers as callers give them: a record (an undefined value is skipped, null removes a header
 * set earlier, an array sends the header once per item), a `Headers`, or a list of name-value
 * pairs.
 * @default {} (no extra headers)
 * @example { 'X-Trace-Id': 'deploy-42', Accept: null }
 */
export type HeadersOption =
  | Record<string, string | readonly string[] | null | undefined>
  | Headers
  | readonly (readonly [string, string])[];

/**
 * Merges `source` into `target` with the rules of `HeadersOption` (those of openapi-fetch) and
 * returns the names the runtime refused (an invalid name or value, or a list entry that is not a
 * name-value pair), leaving those out. Anything with `entries()` and `get()` counts as a
 * `Headers` (one from another realm or a polyfill too).
 */
export function mergeHeaders(target: Headers, source: unknown): string[] {
  const refused: string[] = [];
  if (source === null || typeof source !== 'object') return refused;
  const like = source as { entries?: unknown; get?: unknown };
  let entries: [string, unknown][];
  if (Array.isArray(source)) {
    entries = [];
    source.forEach((pair: unknown, index) => {
      if (Array.isArray(pair) && pair.length === 2) entries.push([String(pair[0]), pair[1]]);
      else refused.push(`[${index}]`);
    });
  } else if (typeof like.entries === 'function' && typeof like.get === 'function') {
    entries = [...(source as Headers).entries()];
  } else {
    entries = Object.entries(source);
  }
  for (const [name, value] of entries) {
    try {
      if (value === null) target.delete(name);
      else if (Array.isArray(value)) for (const item of value) target.append(name, String(item));
      else if (value !== undefined) target.set(name, String(value));
    } catch {
      refused.push(name);
    }
  }
  return refused;
}

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

/** Rule for waits and limits that may be 0 (backoff base and cap, the Retry-After ceiling). */
export const DELAY_RULE = `a whole number of milliseconds from 0 to ${MAX_TIMEOUT_MS}`;

export function isDelayMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TIMEOUT_MS;
}

/** True for hosts that never leave this machine: `localhost`, `*.localhost`, `127.x.x.x`, `[::1]`. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/** Each retry and timeout option, with the rule it must meet. Shared by client and per-call checks. */
export const RETRY_OPTION_RULES = {
  timeoutMs: [isTimeoutMs, TIMEOUT_RULE],
  deadlineMs: [isTimeoutMs, TIMEOUT_RULE],
  maxRetries: [isRetryBudget, RETRIES_RULE],
  retryBaseDelayMs: [isDelayMs, DELAY_RULE],
  retryMaxDelayMs: [isDelayMs, DELAY_RULE],
  maxRetryAfterMs: [isDelayMs, DELAY_RULE],
} as const satisfies Record<string, readonly [(value: unknown) => boolean, string]>;

function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as AbortSignal;
  return typeof value === 'object' && value !== null && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function';
}

/** Throws `ValidationError` if a per-call option (`signal`, `headers`, or a retry/timeout option) is malformed. */
export function checkCallOptions(options: Record<string, unknown> | undefined): void {
  if (!options) return;
  const issues = [];
  if (options.signal !== undefined && !isAbortSignal(options.signal)) {
    issues.push({ path: '/options/signal', rule: 'an AbortSignal (pass controller.signal, not the controller)', value: typeof options.signal });
  }
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null)) {
    // The type only: a string here is often a pasted `Bearer <key>`.
    issues.push({ path: '/options/headers', rule: 'an object of header names to values', value: typeof options.headers });
  } else if (options.headers !== undefined) {
    // The value is not echoed: headers often carry tokens.
    for (const name of mergeHeaders(new Headers(), options.headers)) {
      issues.push({ path: `/options/headers/${name}`, rule: 'a valid HTTP header name and value', value: '(not shown)' });
    }
  }
  if (options.validateRequests !== undefined && typeof options.validateRequests !== 'boolean') {
    issues.push({ path: '/options/validateRequests', rule: 'true or false', value: options.validateRequests });
  }
  for (const [name, [isValid, rule]] of Object.entries(RETRY_OPTION_RULES)) {
    const value = options[name];
    if (value !== undefined && !isValid(value)) issues.push({ path: `/options/${name}`, rule, value });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
