// The timers of a call: the one way this package waits (between retries, between polls of waitFor
// and followLogs) and the clock of the overall deadline.
import { RequestTimeoutError } from '../errors/index.js';

/**
 * Resolves after `ms` with undefined, or as soon as one of `signals` fires, with that signal. The
 * timer is left referenced on purpose: the caller is awaiting this wait, and a script must not
 * exit in the middle of it. It is always cleared when the wait ends.
 */
export function sleep(ms: number, signals: (AbortSignal | undefined)[]): Promise<AbortSignal | undefined> {
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  const already = live.find((s) => s.aborted);
  if (already) return Promise.resolve(already);
  return new Promise((resolve) => {
    const done = (value: AbortSignal | undefined) => {
      clearTimeout(timer);
      for (const [signal, listener] of listeners) signal.removeEventListener('abort', listener);
      resolve(value);
    };
    const timer = setTimeout(() => done(undefined), ms);
    const listeners = live.map((signal) => [signal, () => done(signal)] as const);
    for (const [signal, listener] of listeners) signal.addEventListener('abort', listener, { once: true });
  });
}

/** The overall limit of one call (`deadlineMs`): when it ends, and a signal that fires then. */
export interface Deadline {
  /** The limit in milliseconds, as given. */
  ms: number;
  /** When it passes, as a `Date.now()` value. */
  at: number;
  signal: AbortSignal;
  clear(): void;
}

/** Starts the clock of a call's `deadlineMs`; its timer never keeps a script alive. */
export function startDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new RequestTimeoutError(ms, { scope: 'deadline' })), ms);
  unref(timer);
  return { ms, at: Date.now() + ms, signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Lets a pending timer not keep Node alive; browsers have no unref. */
export function unref(timer: ReturnType<typeof setTimeout>): void {
  (timer as { unref?: () => void }).unref?.();
}
