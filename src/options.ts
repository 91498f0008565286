// Every option a user can set, with its default: the client's (`new SFCompute(options)`), each
// call's (the last argument of every resource method), and the pollers' (`nodes.waitFor`,
// `vms.followLogs`). The rules each option must meet are in option-rules.ts.
import type { Clock } from './clock.js';
import type { Validators } from './validation/schema-check.js';
import type { NodeStatus } from './types.js';

/** The production API. */
export const DEFAULT_BASE_URL = 'https://api.sfcompute.com';
/** Per-request timeout used when none is given, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Retry budget used when none is given. */
export const DEFAULT_MAX_RETRIES = 2;
/** Backoff base used when none is given, in milliseconds. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
/** Backoff cap used when none is given, in milliseconds. */
export const DEFAULT_RETRY_MAX_DELAY_MS = 8_000;
/** Longest server-requested wait honoured when none is given, in milliseconds. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * Headers as callers give them: a record (an undefined value is skipped, null removes a header
 * set earlier, an array sends the header once per item), a `Headers`, or a list of name-value
 * pairs.
 * @default {} (no extra headers)
 * @example { 'X-Trace-Id': 'deploy-42', Accept: null }
 */
export type HeadersOption =
  Record<string, string | readonly string[] | null | undefined> | Headers | readonly (readonly [string, string])[];

/** The `fetch` the client sends with: the global `fetch`, or anything with its signature. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Where log lines go: `console`, a pino or a winston logger fit as they are. Each line is a message
 * and fields (operation, attempt, status, requestId, durationMs…), given to the method of its
 * level; a level the logger lacks goes to `debug`. pino gets `(fields, message)`, the others
 * `(message, fields)`. The API key never appears in either.
 * @example new SFCompute({ logger: console, logLevel: 'info' })
 */
export interface Logger {
  /** Every attempt, response and redirect (and any level the logger has no method for). */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Each retry, with its wait and reason. */
  info?(message: string, fields?: Record<string, unknown>): void;
  /** A failure not retried because the server may have processed it; response-validation mismatches with `validateResponses: 'warn'` (else `console.warn` gets those). */
  warn?(message: string, fields?: Record<string, unknown>): void;
  /** A call that failed, with its error. */
  error?(message: string, fields?: Record<string, unknown>): void;
}

/**
 * How much the client logs: nothing (`'off'`), failed calls (`'error'`), also failures not retried
 * (`'warn'`), also retries (`'info'`), or every attempt and response (`'debug'`).
 * @example 'info'
 */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Retry and time limits, settable on the client and overridden per call. */
export interface RetryOptions {
  /**
   * Time limit of each attempt in milliseconds (headers and body), 1 to 2147483647. On expiry the
   * call throws `RequestTimeoutError` (`scope: 'attempt'`), or is retried if the operation is
   * harmless to repeat.
   * @default 60000
   * @example { timeoutMs: 10_000 }
   */
  timeoutMs?: number | undefined;
  /**
   * Time limit of the whole call in milliseconds, attempts and waits between them included.
   * On expiry the call throws `RequestTimeoutError` (`scope: 'deadline'`); a retry whose wait would
   * pass the deadline is not attempted.
   * @default undefined (no overall limit)
   * @example { deadlineMs: 30_000 }
   */
  deadlineMs?: number | undefined;
  /**
   * How many times a failed call may be re-sent, 0 or more. Only failures the retry policy
   * allows are retried: see "Retries" in the README. A create, extend, redeploy or procurement
   * create is re-sent only when the server certainly did not process it (429, or the connection
   * was never made).
   * @default 2
   * @example { maxRetries: 0 }
   */
  maxRetries?: number | undefined;
  /**
   * Backoff base in milliseconds: before retry n the client waits a random time between 0 and
   * min(retryMaxDelayMs, retryBaseDelayMs × 2^(n-1)) ("full jitter"), unless the server said how long.
   * @default 500
   * @example { retryBaseDelayMs: 250 }
   */
  retryBaseDelayMs?: number | undefined;
  /**
   * Backoff cap in milliseconds (see `retryBaseDelayMs`).
   * @default 8000
   * @example { retryMaxDelayMs: 2_000 }
   */
  retryMaxDelayMs?: number | undefined;
  /**
   * Longest server-requested wait (`Retry-After`, `retry-after-ms`) the client will honour, in
   * milliseconds. When the server asks for more, the call gives up at once and throws the error
   * (for a 429, a `RateLimitError` whose `retryAfterMs` says how long the server asked for).
   * @default 60000
   * @example { maxRetryAfterMs: 5_000 }
   */
  maxRetryAfterMs?: number | undefined;
}

/** Per-call options, accepted as the last argument of every resource method. */
export interface RequestOptions extends RetryOptions {
  /**
   * Cancels the call when it fires, including a wait between retries; the call then rejects with
   * `RequestAbortedError` and is never retried.
   * @default undefined (not cancellable)
   * @example { signal: AbortSignal.timeout(5_000) }
   */
  signal?: AbortSignal | undefined;
  /**
   * Extra headers for this call only, merged over the client's `headers` (a null value removes
   * one of those; undefined is skipped). `Authorization` is always set by the client and cannot
   * be overridden here. An invalid name or value throws `ValidationError` before sending.
   * @default {}
   * @example { headers: { 'X-Trace-Id': 'deploy-42' } }
   */
  headers?: HeadersOption | undefined;
  /**
   * Check this call's input against openapi.yaml before sending (see the client option).
   * @default the client's validateRequests (true with the main entry point)
   * @example { validateRequests: false }
   */
  validateRequests?: boolean | undefined;
  /**
   * The most this call may spend at worst, in whole cents, over the client's `maxCallCostCents`;
   * `null` lifts the client's limit for this call (needed for a procurement whose worst case no
   * request states). Checked before sending, also with `validateRequests: false`.
   * @default the client's maxCallCostCents (none unless set)
   * @example { maxCallCostCents: 50_000 }
   * @example { maxCallCostCents: null }
   */
  maxCallCostCents?: number | null | undefined;
  /**
   * Send a duration in seconds that is a whole number of hours read as milliseconds (a multiple
   * of 3,600,000: `duration_seconds: 3_600_000` is 1000 hours, not one). Without it such a call is
   * refused before sending, also with `validateRequests: false`.
   * @default false
   * @example await sfc.nodes.extend(id, { duration_seconds: 3_600_000, max_price_per_node_hour: 1000 }, { allowMillisecondLikeDurations: true })
   */
  allowMillisecondLikeDurations?: boolean | undefined;
}

/** The policy of one call: every retry option resolved. */
export type RetryPolicy = { [K in Exclude<keyof RetryOptions, 'deadlineMs'>]-?: NonNullable<RetryOptions[K]> } & {
  deadlineMs: number | undefined;
};

/** Options of `new SFCompute(options)`. Every field is optional. */
export interface ClientOptions extends RetryOptions {
  /**
   * API token, sent as `Authorization: Bearer <apiKey>`. Never logged nor put in an error.
   * @default process.env.SFC_API_KEY
   * @example { apiKey: 'sk_live_…' }
   */
  apiKey?: string | undefined;
  /**
   * Root URL of the API, without a version segment (one at the end, such as `/v1`, throws
   * `ConfigurationError`: every call adds its own). Must be https, except for loopback hosts
   * (`localhost`, `127.x.x.x`, `[::1]`), so that the key never travels in clear text.
   * @default process.env.SFC_BASE_URL, else 'https://api.sfcompute.com'
   * @example { baseUrl: 'http://127.0.0.1:4010' }
   */
  baseUrl?: string | undefined;
  /**
   * The `fetch` to send requests with (for proxies, tests, instrumentation), with the signature of
   * the global one. Every request, `sfc.raw`'s included, calls it as `fetch(url, init)` with
   * `redirect: 'manual'` (the client follows redirects itself), once per attempt and per redirect
   * hop, each time with headers of its own. `init.headers` carries `Authorization`: do not log it.
   * @default globalThis.fetch
   * @example { fetch: (input: string | URL | Request, init?: RequestInit) => { console.log(init?.method, String(input)); return fetch(input, init); } }
   */
  fetch?: FetchFunction | undefined;
  /**
   * Headers sent with every request (undefined values are skipped). `Authorization` is always
   * set from `apiKey`. An invalid name or value throws `ConfigurationError`.
   * @default {}
   * @example { headers: { 'X-Team': 'research' } }
   */
  headers?: HeadersOption | undefined;
  /**
   * Receives the log lines (see `logLevel`), with the key masked.
   * @default console when a logLevel (or SFC_LOG) other than 'off' is set; else none (silent)
   * @example { logger: pino() }
   */
  logger?: Logger | undefined;
  /**
   * How much to log: 'off', 'error', 'warn', 'info' or 'debug' (see `LogLevel`).
   * @default process.env.SFC_LOG, else 'debug' when a logger is passed, else 'off'
   * @example { logLevel: 'warn' }
   */
  logLevel?: LogLevel | undefined;
  /**
   * Check every call's input (body, path and query parameters) against openapi.yaml before
   * sending, and throw `ValidationError` listing every problem, so that no request is made. Turn
   * it off to let the server decide. Needs validators: the main entry point has them;
   * `sfcompute-client/core` has them only if `validators` is passed.
   * @default true
   * @example { validateRequests: false }
   */
  validateRequests?: boolean | undefined;
  /**
   * Check every successful response body against openapi.yaml, to notice when the live API has
   * drifted from the spec: `true` throws `ResponseValidationError`, `'warn'` reports through
   * `logger.warn` (else `console.warn`) and returns the body anyway.
   * @default false
   * @example { validateResponses: 'warn' }
   */
  validateResponses?: boolean | 'warn' | undefined;
  /**
   * The most one call may spend at worst, in whole cents: a call that moves money whose worst case
   * is more is refused with `ValidationError` before sending, naming that cost, also with
   * `validateRequests: false` and on `sfcompute-client/core`. The worst case: a reserved
   * `nodes.create`, nodes × hours (from `start_at`, or now on `clock`, to `end_at`, rounded up) ×
   * `max_price_per_node_hour`; an auto reserved one, its first hour; `nodes.extend`, hours ×
   * `max_price_per_node_hour`; `procurements.create`, target nodes × hours of the window × max buy
   * price. A procurement that tracks `node_count` (every update that may buy) has no worst case a
   * request states, so it is refused under a limit unless the call passes `maxCallCostCents: null`.
   * `sfc.raw` is not checked.
   * @default undefined (no limit)
   * @example { maxCallCostCents: 100_000 } // $1,000 at most per call
   */
  maxCallCostCents?: number | undefined;
  /**
   * The clock the client reads for its own time rules (a create without `start_at` starts now, in
   * the worst case of `maxCallCostCents`) and that `nodes.waitFor` and `vms.followLogs` pause on
   * and measure their limits with. With a fake API, pass its clock so that waiting moves fake time
   * and costs no real time. Attempt timeouts, `deadlineMs` and waits between retries always run on
   * real timers: they guard the connection.
   * @default systemClock (Date.now and setTimeout)
   * @example { clock: fake.clock }
   */
  clock?: Clock | undefined;
  /**
   * The compiled validators. Only for `sfcompute-client/core`, which leaves them out to stay
   * small: `import { validators } from 'sfcompute-client/validators'`.
   * @default none with sfcompute-client/core; the full set with the main entry point
   * @example { validators }
   */
  validators?: Validators | undefined;
}

/** Options of `nodes.waitFor`. */
export interface WaitForOptions {
  /**
   * The status (or any of the statuses) to wait for.
   * @default 'running'
   * @example { status: ['running', 'awaitingcapacity'] }
   */
  status?: NodeStatus | readonly NodeStatus[] | undefined;
  /**
   * How long to wait in all, in milliseconds, on the client's `clock`; then `WaitTimeoutError`.
   * Polls in flight are cut short at that point, except the one made as the last pause ends,
   * which gets the client's own timeouts, so a node that arrives just in time is still seen. (On
   * a clock other than `systemClock` no poll is cut short: a real timer cannot measure its time.)
   * @default 600000 (10 minutes)
   * @example { timeoutMs: 120_000 }
   */
  timeoutMs?: number | undefined;
  /**
   * First pause between polls, in milliseconds; each pause is 1.5 times the last, up to `maxIntervalMs`.
   * @default 2000
   * @example { intervalMs: 5_000 }
   */
  intervalMs?: number | undefined;
  /**
   * Longest pause between polls, in milliseconds.
   * @default 30000
   * @example { maxIntervalMs: 10_000 }
   */
  maxIntervalMs?: number | undefined;
  /**
   * Stops waiting at once (a poll in flight included) with `RequestAbortedError`.
   * @default undefined
   * @example { signal: AbortSignal.timeout(60_000) }
   */
  signal?: AbortSignal | undefined;
}

/** Options of `vms.followLogs`. */
export interface FollowLogsOptions {
  /**
   * Ends the iteration (quietly: the loop simply stops) when it fires, a wait in progress included.
   * @default undefined (follow until the loop breaks)
   * @example { signal: AbortSignal.timeout(60_000) }
   */
  signal?: AbortSignal | undefined;
  /**
   * Pause between polls once caught up (a short page, or one that brought no new chunk), in
   * milliseconds, on the client's `clock`.
   * @default 2000
   * @example { intervalMs: 500 }
   */
  intervalMs?: number | undefined;
  /**
   * Start after this sequence number (chunks with a higher one are read).
   * @default -1 (from the first chunk)
   * @example { afterSeqnum: 1200 }
   */
  afterSeqnum?: number | undefined;
  /**
   * Chunks asked for per poll.
   * @default 500
   * @example { pageSize: 100 }
   */
  pageSize?: number | undefined;
}

/** Options of `events.follow`. */
export interface FollowEventsOptions {
  /**
   * Ends the iteration (quietly: the loop simply stops) when it fires, a wait in progress included.
   * @default undefined (follow until the loop breaks)
   * @example { signal: AbortSignal.timeout(60_000) }
   */
  signal?: AbortSignal | undefined;
  /**
   * Pause before asking again once caught up (a last page, or one that brought no new event), in milliseconds.
   * @default 5000
   * @example { intervalMs: 1_000 }
   */
  intervalMs?: number | undefined;
}
