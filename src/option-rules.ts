// The rule every option must meet, as data: one table per place options are given (the client,
// each call, nodes.waitFor, vms.followLogs, events.follow), read by one function. The client's
// constructor turns a broken rule into a ConfigurationError; the others into a ValidationError
// before anything is sent.
import { ConfigurationError, ValidationError, type ValidationIssue } from './errors/index.js';
import { kindOf } from './errors/base.js';
import { isClock } from './clock.js';
import { isLoopback } from './core/auth.js';
import { mergeHeaders } from './core/headers.js';
import type { LogLevel } from './options.js';
import type { NodeStatus } from './types.js';

/** Largest delay `setTimeout` accepts, in milliseconds. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** One option's rule: the test, the rule in words, and what of the value an error may show. */
export interface OptionRule {
  test: (value: unknown) => boolean;
  /** What the value must be, e.g. `a whole number, 0 or more`. */
  rule: string;
  /**
   * What a ValidationError shows of a bad value (headers often carry tokens: their type only). A
   * client option's ConfigurationError shows only its kind.
   */
  show?: (value: unknown) => unknown;
}

/**
 * The rule of a whole number from `min` (to `max`, when given) of `unit`: `a whole number of
 * milliseconds from 1 to 2147483647`, `a whole number, 0 or more`.
 */
function wholeNumber(min: number, max?: number, unit?: string): OptionRule {
  return {
    test: (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= (max ?? Number.MAX_SAFE_INTEGER),
    rule: `a whole number${unit ? ` of ${unit}` : ''}${max === undefined ? `, ${min} or more` : ` from ${min} to ${max}`}`,
  };
}

/** 1 ms up to what `setTimeout` accepts: time limits and poll intervals. */
export const TIMEOUT = wholeNumber(1, MAX_TIMEOUT_MS, 'milliseconds');
/** Waits and limits that may be 0: backoff base and cap, the Retry-After ceiling. */
const DELAY = wholeNumber(0, MAX_TIMEOUT_MS, 'milliseconds');
const RETRIES = wholeNumber(0);
const BOOLEAN: OptionRule = { test: (v) => typeof v === 'boolean', rule: 'true or false' };
const SIGNAL: OptionRule = {
  test: (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as AbortSignal).aborted === 'boolean' &&
    typeof (v as AbortSignal).addEventListener === 'function',
  rule: 'an AbortSignal (pass controller.signal, not the controller)',
  show: (v) => typeof v,
};
const HEADERS: OptionRule = {
  test: (v) => typeof v === 'object' && v !== null,
  rule: 'an object of header names to values',
  // The type only: a string here is often a pasted `Bearer <key>`.
  show: (v) => typeof v,
};

/** The values of `logLevel` and `SFC_LOG`. */
export const LOG_LEVEL_NAMES: readonly string[] = ['off', 'error', 'warn', 'info', 'debug'] satisfies LogLevel[];

/** Every node status in openapi.yaml (NodeStatus). */
export const NODE_STATUSES: readonly string[] = [
  'pending',
  'awaitingcapacity',
  'running',
  'released',
  'terminated',
  'deleted',
  'failed',
  'unknown',
] satisfies NodeStatus[];

/** The retry and time limits, which the client and each call accept alike. */
export const RETRY_OPTION_RULES = {
  timeoutMs: TIMEOUT,
  deadlineMs: TIMEOUT,
  maxRetries: RETRIES,
  retryBaseDelayMs: DELAY,
  retryMaxDelayMs: DELAY,
  maxRetryAfterMs: DELAY,
} satisfies Record<string, OptionRule>;

const CENTS = wholeNumber(0, undefined, 'cents');

/** Options of `new SFCompute()` that a simple rule covers (apiKey, baseUrl and headers have their own checks). */
export const CLIENT_OPTION_RULES: Record<string, OptionRule> = {
  ...RETRY_OPTION_RULES,
  validateRequests: BOOLEAN,
  validateResponses: { test: (v) => typeof v === 'boolean' || v === 'warn', rule: "true, false or 'warn'" },
  logger: {
    test: (v) => typeof (v as { debug?: unknown } | null)?.debug === 'function',
    rule: 'an object with a debug(message, fields) method (console is one)',
  },
  validators: {
    test: (v) =>
      typeof (v as { checkRequest?: unknown } | null)?.checkRequest === 'function' &&
      typeof (v as { checkResponse?: unknown }).checkResponse === 'function',
    rule: "the object exported by 'sfcompute-client/validators'",
  },
  headers: HEADERS,
  logLevel: { test: (v) => typeof v === 'string' && LOG_LEVEL_NAMES.includes(v), rule: `one of ${LOG_LEVEL_NAMES.join(', ')}` },
  fetch: { test: (v) => typeof v === 'function', rule: 'a fetch function' },
  maxCallCostCents: CENTS,
  clock: { test: isClock, rule: 'an object with now() and sleep(ms) methods (fake.clock and systemClock are)' },
};

/** Options accepted as the last argument of every resource method. */
export const CALL_OPTION_RULES: Record<string, OptionRule> = {
  ...RETRY_OPTION_RULES,
  signal: SIGNAL,
  headers: HEADERS,
  validateRequests: BOOLEAN,
  maxCallCostCents: { test: (v) => v === null || CENTS.test(v), rule: `${CENTS.rule}, or null (no limit for this call)` },
  allowMillisecondLikeDurations: BOOLEAN,
};

/** Options of `nodes.waitFor`. */
export const WAIT_FOR_OPTION_RULES: Record<string, OptionRule> = {
  status: {
    test: (v) => {
      const list: unknown[] = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
      return list.length > 0 && list.every((s) => NODE_STATUSES.includes(s as string));
    },
    rule: `one of ${NODE_STATUSES.join(', ')}, or a non-empty list of them`,
  },
  timeoutMs: TIMEOUT,
  intervalMs: TIMEOUT,
  maxIntervalMs: TIMEOUT,
  signal: SIGNAL,
};

/** Options of `vms.followLogs`. */
export const FOLLOW_LOGS_OPTION_RULES: Record<string, OptionRule> = {
  intervalMs: TIMEOUT,
  pageSize: wholeNumber(1),
  afterSeqnum: wholeNumber(-1),
  signal: SIGNAL,
};

/** Options of `events.follow`. */
export const FOLLOW_EVENTS_OPTION_RULES: Record<string, OptionRule> = {
  intervalMs: TIMEOUT,
  signal: SIGNAL,
};

/** Every rule of `rules` that a given (not undefined) option of `options` breaks, at `/options/<name>`. */
export function optionIssues(rules: Record<string, OptionRule>, options: object | undefined): ValidationIssue[] {
  if (!options) return [];
  const issues: ValidationIssue[] = [];
  for (const name in rules) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const { test, rule, show } = rules[name]!;
    if (!test(value)) issues.push({ path: `/options/${name}`, rule, value: show ? show(value) : value });
  }
  return issues;
}

/**
 * Throws ValidationError listing every broken rule (per-call and poller options); header names and
 * values the runtime refuses are listed by name only.
 */
export function checkOptions(rules: Record<string, OptionRule>, options: object | undefined): void {
  const issues = optionIssues(rules, options);
  const headers = (options as { headers?: unknown } | undefined)?.headers;
  if (rules.headers && headers !== undefined && issues.every((i) => i.path !== '/options/headers')) {
    for (const name of mergeHeaders(new Headers(), headers)) {
      issues.push({ path: `/options/headers/${name}`, rule: 'a valid HTTP header name and value', value: '(not shown)' });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

// A configuration error shows the kind of a refused value, never the value: options are often set
// from environment variables, and a key pasted into the wrong one would be printed (masking cannot
// help there, since the client then takes something else for the key).

/** Throws ConfigurationError for the first client option that breaks its rule, e.g. `timeoutMs must be … (got a string)`. */
export function checkClientOptions(options: object): void {
  const [first] = optionIssues(CLIENT_OPTION_RULES, options);
  if (!first) return;
  const name = first.path.slice('/options/'.length);
  throw new ConfigurationError(`${name} must be ${first.rule} (got ${kindOf((options as Record<string, unknown>)[name])})`);
}

/**
 * The base URL without a trailing slash, or a ConfigurationError naming `name` (`baseUrl` or
 * `SFC_BASE_URL`) and the rule it breaks; the refused value is never shown (see above).
 */
export function checkBaseUrl(value: string, name: 'baseUrl' | 'SFC_BASE_URL'): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // Not a URL at all: refused below, as a URL of another scheme is.
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw new ConfigurationError(`${name} must be an absolute http(s) URL`);
  }
  // Plain HTTP would send the key in clear text; allow it only where it never leaves the machine
  // (a local mock server, a local proxy).
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new ConfigurationError(`${name} must use https unless it points at this machine (localhost, 127.x.x.x, [::1])`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigurationError(`${name} must not carry credentials, a query or a fragment`);
  }
  // Every operation's path starts with its version (/v0, /v1, /v2): a base URL that ends in one
  // would make every call go to /v1/v1/nodes and fail with a 404.
  const version = /\/(v\d+)\/*$/i.exec(url.pathname);
  if (version) {
    throw new ConfigurationError(`${name} must not end in a version segment (/${version[1]}): every call adds its own`);
  }
  return url.href.replace(/\/+$/, '');
}
