// Whether a failed attempt is sent again, and after how long. The rules are one table (kind of
// failure × whether the operation is harmless to repeat); `decideRetry` reads it, then the retry
// budget, the server's requested wait, the backoff and the deadline. Pure: no clock, no timers.
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  type RetryOptions,
  type RetryPolicy,
} from '../options.js';

/** The policy of a client given no retry or time option: each default of options.ts. */
export const DEFAULT_POLICY: Readonly<RetryPolicy> = {
  timeoutMs: DEFAULT_TIMEOUT_MS,
  deadlineMs: undefined,
  maxRetries: DEFAULT_MAX_RETRIES,
  retryBaseDelayMs: DEFAULT_RETRY_BASE_DELAY_MS,
  retryMaxDelayMs: DEFAULT_RETRY_MAX_DELAY_MS,
  maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS,
};

/**
 * `base` with each field that `options` sets (not undefined) taken from them instead: the client's
 * policy from the defaults, and a call's from the client's.
 * @example resolvePolicy(DEFAULT_POLICY, { maxRetries: 0 }).maxRetries // 0
 */
export function resolvePolicy(base: Readonly<RetryPolicy>, options: RetryOptions): RetryPolicy {
  const policy: Record<string, unknown> = {};
  for (const key of Object.keys(base) as (keyof RetryPolicy)[]) policy[key] = options[key] ?? base[key];
  return policy as RetryPolicy;
}

/** What went wrong with one attempt, as far as retrying is concerned. */
export type FailureKind =
  /** 429: the server says it did not process the request. */
  | 'rate-limited'
  /** 408, 500, 502, 503, 504: the server may or may not have processed it. */
  | 'transient-status'
  /** Any other non-2xx status: sending it again would get the same answer. */
  | 'other-status'
  /** Refused, DNS failure, connect timeout: no connection, so the server never saw the request. */
  | 'never-connected'
  /** Reset, stalled or cut off after connecting, or the runtime's generic network failure. */
  | 'connection-broken'
  /** `timeoutMs` expired during the attempt (headers or body). */
  | 'attempt-timeout'
  /** `deadlineMs` expired: the call is over. */
  | 'deadline'
  /** The caller's signal fired (or the custom fetch aborted by itself). */
  | 'caller-abort'
  /** A 2xx body that is not the JSON documented. */
  | 'malformed-body'
  /** Anything else: a refused redirect, a TLS error, a bug in a custom fetch. */
  | 'unknown';

/**
 * `always`: re-sent for every operation (the server certainly did not process it); `if-harmless`:
 * only for operations marked `x-idempotent: true`; `never`.
 */
export type RetryRule = 'always' | 'if-harmless' | 'never';

/**
 * The retry table. `afterRedirect` applies once any redirect hop of the attempt was answered: the
 * server has then seen the request, so "it was not processed" speaks only for the last hop (a POST
 * answered 303, then a GET limited, may have bought something).
 */
export const RETRY_TABLE: Readonly<Record<FailureKind, { fresh: RetryRule; afterRedirect: RetryRule }>> = {
  'rate-limited': { fresh: 'always', afterRedirect: 'if-harmless' },
  'transient-status': { fresh: 'if-harmless', afterRedirect: 'if-harmless' },
  'other-status': { fresh: 'never', afterRedirect: 'never' },
  'never-connected': { fresh: 'always', afterRedirect: 'if-harmless' },
  'connection-broken': { fresh: 'if-harmless', afterRedirect: 'if-harmless' },
  'attempt-timeout': { fresh: 'if-harmless', afterRedirect: 'if-harmless' },
  deadline: { fresh: 'never', afterRedirect: 'never' },
  'caller-abort': { fresh: 'never', afterRedirect: 'never' },
  'malformed-body': { fresh: 'never', afterRedirect: 'never' },
  unknown: { fresh: 'never', afterRedirect: 'never' },
};

/** Statuses after which an operation harmless to repeat is re-sent (429 has its own row). */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);

/** The failure kind of an HTTP error status. */
export function statusKind(status: number): FailureKind {
  if (status === 429) return 'rate-limited';
  return TRANSIENT_STATUSES.has(status) ? 'transient-status' : 'other-status';
}

/** Everything the decision depends on. */
export interface RetryInput {
  kind: FailureKind;
  /** `x-idempotent` of the operation: sending it twice is harmless. */
  idempotent: boolean;
  /** A redirect hop of this attempt was answered. */
  afterRedirect: boolean;
  /** Attempts made so far, this one included (1 after the first). */
  attempt: number;
  policy: Pick<RetryPolicy, 'maxRetries' | 'retryBaseDelayMs' | 'retryMaxDelayMs' | 'maxRetryAfterMs' | 'deadlineMs'>;
  /** The wait the server asked for (`retry-after-ms`, `Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined;
  /** Milliseconds left before the call's deadline; undefined without one. */
  msLeft?: number | undefined;
  /** A number in [0, 1) for the jitter. */
  random?: number;
}

/** Retried after `waitMs`, or not, and why (`note` is added to the error's message). */
export type RetryDecision =
  | { retry: true; waitMs: number }
  | { retry: false; why: 'not-retryable' | 'may-have-been-processed' | 'budget-spent' | 'wait-too-long' | 'deadline'; note?: string };

/** Applies the retry table, the budget, the server's wait, the backoff and the deadline, in that order. */
export function decideRetry(input: RetryInput): RetryDecision {
  const { kind, idempotent, afterRedirect, attempt, policy } = input;
  const rule = RETRY_TABLE[kind][afterRedirect ? 'afterRedirect' : 'fresh'];
  const allowed = rule === 'always' || (rule === 'if-harmless' && idempotent);
  if (!allowed) return { retry: false, why: rule === 'never' ? 'not-retryable' : 'may-have-been-processed' };
  if (attempt > policy.maxRetries) return { retry: false, why: 'budget-spent' };
  const asked = input.retryAfterMs;
  if ((asked ?? 0) > policy.maxRetryAfterMs) {
    return {
      retry: false,
      why: 'wait-too-long',
      note: `the server asked to wait ${asked} ms before retrying, more than maxRetryAfterMs (${policy.maxRetryAfterMs})`,
    };
  }
  const waitMs = asked ?? backoff(attempt, policy, input.random);
  if (waitMs >= (input.msLeft ?? Infinity)) {
    return { retry: false, why: 'deadline', note: `not retried: waiting ${waitMs} ms would pass the ${policy.deadlineMs} ms deadline` };
  }
  return { retry: true, waitMs };
}

/**
 * Full-jitter exponential backoff before retry number `retry` (1-based): a random whole number of
 * milliseconds from 0 to min(retryMaxDelayMs, retryBaseDelayMs × 2^(retry-1)), inclusive.
 */
export function backoff(
  retry: number,
  policy: Pick<RetryPolicy, 'retryBaseDelayMs' | 'retryMaxDelayMs'>,
  random: number = Math.random(),
): number {
  const ceiling = Math.min(policy.retryMaxDelayMs, policy.retryBaseDelayMs * 2 ** (retry - 1));
  return Math.floor(random * (ceiling + 1));
}
