// One attempt: a single exchange (redirects included) and its body, under three limits combined
// into one signal: the attempt's own `timeoutMs`, the call's `deadlineMs`, and the caller's
// AbortSignal. Every timer and listener it sets is cleared when it ends.
import { requestIdOf } from '../errors/create-api-error.js';
import { RequestTimeoutError } from '../errors/index.js';
import type { FetchFunction, RetryPolicy } from '../options.js';
import type { Credentials } from './auth.js';
import { type BufferedResponse, readBody } from './buffered-response.js';
import { type Classified, type Seen, type StoppedBy, classify } from './classify.js';
import type { Log } from './logging.js';
import { type Outgoing, exchange } from './redirects.js';
import { type Deadline, unref } from './timers.js';

/** Everything one attempt needs. */
export interface AttemptContext {
  operation: string;
  attempt: number;
  request: Outgoing;
  /** Keep the final body as bytes (`sfc.raw`) rather than text. */
  asBytes: boolean;
  policy: RetryPolicy;
  userSignal: AbortSignal | undefined;
  deadline: Deadline | undefined;
  fetch: FetchFunction;
  credentials: Credentials;
  log: Log;
}

/** A response of any status with its body read, or a failure with its kind; `redirected` either way. */
export type AttemptOutcome = ({ ok: true; response: BufferedResponse } | ({ ok: false } & Classified)) & { redirected: boolean };

export async function attempt(context: AttemptContext): Promise<AttemptOutcome> {
  const { policy, userSignal, deadline, log } = context;
  const controller = new AbortController();
  let stoppedBy: StoppedBy;
  // Node's Request can stop following the signal it was built with once the garbage collector
  // runs (nodejs/node#55428), so a timeout or abort might never reach fetch. Racing the exchange
  // against `stopped` keeps both prompt whatever fetch does.
  // What it rejects with is never read: `stoppedBy` says which limit fired. Only `stop` below
  // aborts the controller, so it rejects `stopped` itself (a listener on the signal, once per
  // attempt, cost more than the rest of this function's own work).
  let reject: (reason: Error) => void = () => {};
  const stopped = new Promise<never>((_, rejectStopped) => {
    reject = rejectStopped;
  });
  const stop = (by: StoppedBy, reason: unknown) => {
    stoppedBy ??= by;
    controller.abort(reason);
    reject(new Error());
  };
  // Each is listened for only on a signal that exists. The reason is handed on to `fetch`. (A
  // signal fires once: neither needs `once`, and both are removed when the attempt ends.)
  const onAbort = () => stop('caller', (userSignal as AbortSignal).reason);
  const onDeadline = () => stop('deadline', (deadline as Deadline).signal.reason);
  const seen: Seen = {};
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    timer = setTimeout(() => stop('timeout', new RequestTimeoutError(policy.timeoutMs)), policy.timeoutMs);
    unref(timer);
    userSignal?.addEventListener('abort', onAbort);
    deadline?.signal.addEventListener('abort', onDeadline);
    if (userSignal?.aborted) onAbort();
    if (deadline?.signal.aborted) onDeadline();

    // Stryker disable next-line ConditionalExpression: equivalent, the guard only saves building unread messages
    if (log.on) {
      const { method, url } = context.request;
      log.aboutAttempt('debug', context, `${method} ${url} (attempt ${context.attempt})`, { method });
    }
    const pending = exchange(context.request, context, controller.signal, seen).then((response) =>
      readBody(response, context.asBytes, seen.redirected === true),
    );
    pending.catch(() => {}); // if `stopped` wins, a later rejection of `pending` is expected
    const response = await Promise.race([pending, stopped]);
    // Stryker disable next-line ConditionalExpression: equivalent, as above
    if (log.on) {
      const durationMs = Date.now() - started;
      log.aboutAttempt('debug', context, `HTTP ${response.status} in ${durationMs} ms`, {
        status: response.status,
        requestId: requestIdOf(response.headers),
        durationMs,
      });
    }
    return { ok: true, response, redirected: seen.redirected === true };
  } catch (thrown) {
    const classified = classify(thrown, stoppedBy, seen, {
      timeoutMs: policy.timeoutMs,
      deadlineMs: policy.deadlineMs,
      userSignal,
      credentials: context.credentials,
    });
    return { ok: false, ...classified, redirected: seen.redirected === true };
  } finally {
    clearTimeout(timer);
    userSignal?.removeEventListener('abort', onAbort);
    deadline?.signal.removeEventListener('abort', onDeadline);
  }
}
