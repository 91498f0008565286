// Shared by the fault-injection suite: a client pointed at a scripted server, a stopwatch, and the
// check that the API key appears nowhere in an error however it is printed.
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { type ClientOptions, SFCompute } from '../../src/index.js';
import type { FaultServer } from './server.js';

export const KEY = 'sk_live_faults_SECRET_1a2b3c4d5e6f7a8b';

/** Every log line the clients of a test wrote, to check that none holds the key. */
export const logLines: string[] = [];
const logger = {
  debug(message: string, fields?: Record<string, unknown>) {
    logLines.push(`${message} ${JSON.stringify(fields)}`);
  },
};

/**
 * A client for `server` with short backoff (1 to 4 ms) so that retries are quick; the retry
 * budget keeps its default (2) unless `options` says otherwise.
 */
export function clientFor(server: Pick<FaultServer, 'url'>, options: ClientOptions = {}): SFCompute {
  return new SFCompute({ apiKey: KEY, baseUrl: server.url, retryBaseDelayMs: 1, retryMaxDelayMs: 4, logger, ...options });
}

/**
 * Settles `call` and reports how it ended and how long it took, in milliseconds. Pass a function
 * when a lower bound on the time matters: a promise has already run its synchronous start (timers
 * included) before the clock here starts, and a cold first call can spend several ms there.
 */
export async function timed<T>(call: Promise<T> | (() => Promise<T>)): Promise<{ value?: T; error?: unknown; ms: number }> {
  const start = performance.now();
  try {
    const value = await (typeof call === 'function' ? call() : call);
    return { value, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}

/** Fails unless `call` rejects; returns the error and the elapsed time (see `timed`). */
export async function failure(
  call: Promise<unknown> | (() => Promise<unknown>),
): Promise<{ error: Error & Record<string, unknown>; ms: number }> {
  const outcome = await timed(call);
  if (!('error' in outcome) || outcome.error === undefined) {
    throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  }
  return { error: outcome.error as Error & Record<string, unknown>, ms: outcome.ms };
}

/** The key must be absent from every rendering of the error, its causes included. */
export function expectKeyAbsent(error: unknown): void {
  const e = error as Error;
  const renderings = {
    message: e.message,
    toString: String(e),
    json: JSON.stringify(e),
    inspect: inspect(e, { depth: 10, showHidden: true }),
    stack: e.stack ?? '',
  };
  for (const [how, text] of Object.entries(renderings)) {
    expect(text, `key found in the error's ${how}`).not.toContain(KEY);
  }
}
