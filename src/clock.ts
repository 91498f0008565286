// The one source of time the package reads outside the network layer: the pricing helpers (a
// quote's `NOW`, a create's start), the client's cost rules (a create without `start_at` starts
// now), and the pollers' pauses and limits (`nodes.waitFor`, `vms.followLogs`). A test hands in the
// fake API's clock so all of them run on fake time; the attempt timeouts, `deadlineMs` and the
// waits between retries stay on real timers, since they guard a real connection.
import { ValidationError } from './errors/index.js';
import { sleep as sleepOnTimers } from './core/timers.js';

/**
 * A source of time: what the pricing helpers read, and what the client's pollers read and wait
 * on. `createFakeSFCompute()` gives one as `fake.clock`, whose `sleep` moves fake time instead of
 * waiting.
 * @default systemClock (Date.now and setTimeout)
 * @example new SFCompute({ apiKey: 'test', fetch: fake.fetch, clock: fake.clock })
 * @example quotePrice(quote, fake.clock)
 */
export interface Clock {
  /** The current time, in milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves once `ms` milliseconds have passed on this clock. It may resolve early when `signal`
   * fires; the client stops waiting at that moment either way.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What a message on the system clock adds for a test on a fake API. */
export const FAKE_CLOCK_HINT = 'with a fake API, pass { clock: fake.clock } to the client';

/**
 * The machine's clock: `Date.now()`, and `setTimeout` for waits (cleared when `signal` fires).
 * @example systemClock.now() // 1795352400000
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: async (ms: number, signal?: AbortSignal) => {
    await sleepOnTimers(ms, [signal]);
  },
});

/** Whether `value` has both methods of a Clock (the client's `clock` option). */
export function isClock(value: unknown): value is Clock {
  return typeof (value as Clock | null)?.now === 'function' && typeof (value as Clock).sleep === 'function';
}

/**
 * The time a helper's `clock` argument gives, in milliseconds, or a ValidationError at `/clock`
 * when it is not a clock. A time in its place (`{ now: fake.now() }`) is refused: read before the
 * request that moved the fake's clock, it prices a stale span.
 */
export function readClock(clock: Pick<Clock, 'now'> | undefined): number {
  if (clock === undefined) return Date.now();
  if (typeof (clock as { now?: unknown } | null)?.now !== 'function') {
    throw new ValidationError([
      {
        path: '/clock',
        rule: 'a clock, an object whose now() gives milliseconds (such as fake.clock or systemClock), not a time read in advance',
        value: kindOfNow(clock),
      },
    ]);
  }
  const now = clock.now();
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new ValidationError([{ path: '/clock/now()', rule: 'a finite number of milliseconds since the epoch', value: now }]);
  }
  return now;
}

/** What was passed in place of a clock, in words: the kind of its `now`, or of itself. */
function kindOfNow(clock: unknown): string {
  const now = (clock as { now?: unknown } | null)?.now;
  const value = typeof clock === 'object' && clock !== null && 'now' in clock ? now : clock;
  if (value === null) return 'null';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Waits `ms` on `clock`; resolves true as soon as `signal` fires (also when it had already fired),
 * else false once the clock's sleep ends. A clock that throws rejects the wait.
 */
export function sleepOn(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(true);
  return new Promise<boolean>((resolve, reject) => {
    const aborted = () => resolve(true);
    signal?.addEventListener('abort', aborted, { once: true });
    const settle = () => signal?.removeEventListener('abort', aborted);
    // A clock's sleep may throw instead of rejecting; either way the wait rejects.
    Promise.resolve()
      .then(() => clock.sleep(ms, signal))
      .then(
        () => {
          settle();
          resolve(signal?.aborted ?? false);
        },
        (error: unknown) => {
          settle();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
  });
}
