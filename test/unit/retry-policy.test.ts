// The retry decision, row by row: every failure kind, for an operation harmless to repeat and for
// one that may buy something, before and after a redirect hop; then the budget, the server's
// wait, the backoff and the deadline, in the order decideRetry applies them.
import { describe, expect, it } from 'vitest';
import { type FailureKind, backoff, decideRetry, statusKind } from '../../src/core/retry-policy.js';

const policy = { maxRetries: 2, retryBaseDelayMs: 500, retryMaxDelayMs: 8_000, maxRetryAfterMs: 60_000, deadlineMs: undefined };

// kind, harmless fresh, harmless after redirect, money-moving fresh, money-moving after redirect
const rows: [FailureKind, boolean, boolean, boolean, boolean][] = [
  ['rate-limited', true, true, true, false],
  ['transient-status', true, true, false, false],
  ['other-status', false, false, false, false],
  ['never-connected', true, true, true, false],
  ['connection-broken', true, true, false, false],
  ['attempt-timeout', true, true, false, false],
  ['deadline', false, false, false, false],
  ['caller-abort', false, false, false, false],
  ['malformed-body', false, false, false, false],
  ['unknown', false, false, false, false],
];

describe('decideRetry: the table', () => {
  it.each(rows)(
    '%s: harmless %s (after a redirect %s), money-moving %s (after a redirect %s)',
    (kind, hFresh, hRedirect, mFresh, mRedirect) => {
      const retried = (idempotent: boolean, afterRedirect: boolean) =>
        decideRetry({ kind, idempotent, afterRedirect, attempt: 1, policy, random: 0 }).retry;
      expect([retried(true, false), retried(true, true), retried(false, false), retried(false, true)]).toEqual([
        hFresh,
        hRedirect,
        mFresh,
        mRedirect,
      ]);
    },
  );

  it.each(rows.filter((row) => row.slice(1).every((retried) => !retried)).map(([kind]) => kind))(
    '%s is final for every operation, before and after a redirect, and says so',
    (kind) => {
      const whys = [true, false].flatMap((idempotent) =>
        [false, true].map((afterRedirect) => decideRetry({ kind, idempotent, afterRedirect, attempt: 1, policy })),
      );
      expect(whys).toEqual(Array(4).fill({ retry: false, why: 'not-retryable' }));
    },
  );

  it('says why a money-moving call is not re-sent after a transient failure', () => {
    expect(decideRetry({ kind: 'transient-status', idempotent: false, afterRedirect: false, attempt: 1, policy })).toEqual({
      retry: false,
      why: 'may-have-been-processed',
    });
    expect(decideRetry({ kind: 'other-status', idempotent: true, afterRedirect: false, attempt: 1, policy })).toEqual({
      retry: false,
      why: 'not-retryable',
    });
  });
});

describe('statusKind', () => {
  it.each<[number, FailureKind]>([
    [429, 'rate-limited'],
    [408, 'transient-status'],
    [500, 'transient-status'],
    [502, 'transient-status'],
    [503, 'transient-status'],
    [504, 'transient-status'],
    [400, 'other-status'],
    [404, 'other-status'],
    [409, 'other-status'],
    [501, 'other-status'],
    [505, 'other-status'],
  ])('%i → %s', (status, kind) => {
    expect(statusKind(status)).toBe(kind);
  });
});

describe('decideRetry: budget, server wait, backoff and deadline', () => {
  const base = { kind: 'rate-limited' as const, idempotent: false, afterRedirect: false };

  it('retries while attempts ≤ maxRetries, then stops with budget-spent', () => {
    expect(decideRetry({ ...base, attempt: 2, policy, random: 0 })).toEqual({ retry: true, waitMs: 0 });
    expect(decideRetry({ ...base, attempt: 3, policy, random: 0 })).toEqual({ retry: false, why: 'budget-spent' });
    expect(decideRetry({ ...base, attempt: 1, policy: { ...policy, maxRetries: 0 } })).toEqual({ retry: false, why: 'budget-spent' });
  });

  it('waits what the server asked, without jitter, up to maxRetryAfterMs inclusive', () => {
    expect(decideRetry({ ...base, attempt: 1, policy, retryAfterMs: 1_500, random: 0.99 })).toEqual({ retry: true, waitMs: 1_500 });
    expect(decideRetry({ ...base, attempt: 1, policy, retryAfterMs: 60_000 })).toEqual({ retry: true, waitMs: 60_000 });
    expect(decideRetry({ ...base, attempt: 1, policy, retryAfterMs: 0, random: 0.99 })).toEqual({ retry: true, waitMs: 0 });
  });

  it('gives up when the server asks for more than maxRetryAfterMs, saying so', () => {
    expect(decideRetry({ ...base, attempt: 1, policy, retryAfterMs: 60_001 })).toEqual({
      retry: false,
      why: 'wait-too-long',
      note: 'the server asked to wait 60001 ms before retrying, more than maxRetryAfterMs (60000)',
    });
  });

  it('uses the backoff when the server said nothing', () => {
    expect(decideRetry({ ...base, attempt: 2, policy, random: 0.5 })).toEqual({ retry: true, waitMs: 500 });
  });

  it('does not retry when the wait would reach the deadline, saying so', () => {
    const withDeadline = { ...policy, deadlineMs: 3_000 };
    expect(decideRetry({ ...base, attempt: 1, policy: withDeadline, retryAfterMs: 1_000, msLeft: 1_001 })).toEqual({
      retry: true,
      waitMs: 1_000,
    });
    expect(decideRetry({ ...base, attempt: 1, policy: withDeadline, retryAfterMs: 1_000, msLeft: 1_000 })).toEqual({
      retry: false,
      why: 'deadline',
      note: 'not retried: waiting 1000 ms would pass the 3000 ms deadline',
    });
  });

  it('checks the retry table before the budget, and the budget before the server wait', () => {
    expect(decideRetry({ kind: 'other-status', idempotent: true, afterRedirect: false, attempt: 9, policy })).toMatchObject({
      why: 'not-retryable',
    });
    expect(decideRetry({ ...base, attempt: 3, policy, retryAfterMs: 999_999 })).toMatchObject({ why: 'budget-spent' });
  });
});

describe('backoff', () => {
  it('is 0 up to min(cap, base·2^(n-1)), inclusive, from the random number given', () => {
    const p = { retryBaseDelayMs: 100, retryMaxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, p, 0.999_999_9))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoff(3, p, 0)).toBe(0);
    expect(backoff(3, p, 0.5)).toBe(200);
  });
});
