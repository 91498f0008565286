// The one way this package waits: between retries, between polls of waitFor and followLogs.

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
