// The `fetch` handed to openapi-fetch: it runs the attempts of one call. It adds the key (own
// origin only), starts the overall deadline, asks the retry policy after each failure, waits
// (abortably) between attempts, and finally hands openapi-fetch the last response with its body
// read, or throws the last failure as a typed error. `sfc.raw` runs its attempts here too
// (raw-client.ts).
import { operations } from '../../generated/operations.js';
import { RequestAbortedError, RequestTimeoutError, type SFComputeError } from '../errors/index.js';
import type { FetchFunction, RetryPolicy } from '../options.js';
import { attempt } from './attempt.js';
import type { Credentials } from './auth.js';
import type { CallState, LightRequest } from './light-request.js';
import type { Log } from './logging.js';
import type { Outgoing } from './redirects.js';
import { retryAfterOf } from './retry-after.js';
import { decideRetry, resolvePolicy, statusKind } from './retry-policy.js';
import { type Deadline, sleep, startDeadline } from './timers.js';

export interface EngineContext {
  fetch: FetchFunction;
  credentials: Credentials;
  log: Log;
  /** The client's retry policy; a resource call's options override it field by field. */
  policy: RetryPolicy;
}

/** Builds the fetch of the resource calls for openapi-fetch: it takes our LightRequest (`sfc.raw`'s is in raw-client.ts). */
export function fetchWithRetries(context: EngineContext): (input: Request) => Promise<Response> {
  return async (input) => {
    const light = input as unknown as LightRequest;
    // Stryker disable next-line ObjectLiteral: equivalent, `runAttempts` writes each field before reading it
    const call: CallState = light.call ?? { options: undefined, attempts: 0 };
    const outgoing: Outgoing = { url: light.url, method: light.method, headers: light.headers, body: light.body as string | undefined };
    context.credentials.authorize(outgoing.headers, outgoing.url);
    return (await runAttempts(context, call, outgoing, call.operation, call.options?.signal, false)) as unknown as Response;
  };
}

/**
 * Runs the attempts of one call until one succeeds or the retry policy says stop; resolves with
 * the final response, its body read (as bytes with `asBytes`, for `sfc.raw`), or throws the last failure.
 */
export async function runAttempts(
  context: EngineContext,
  call: CallState,
  request: Outgoing,
  operation: string | undefined,
  userSignal: AbortSignal | undefined,
  asBytes: boolean,
) {
  const { credentials, log } = context;
  if (userSignal?.aborted) {
    throw new RequestAbortedError('Request aborted before it was sent', { cause: credentials.sanitize(userSignal.reason) });
  }
  const policy = call.options ? resolvePolicy(context.policy, call.options) : context.policy;
  // An operation not in the table (a `sfc.raw` request a middleware rewrote) is treated as one
  // that may buy something.
  const idempotent = operation !== undefined && operations[operation as keyof typeof operations].idempotent;
  // Its log lines name it by method and URL without the query (whose values are the caller's).
  const name = operation ?? `${request.method} ${request.url.split('?')[0]}`;
  const deadline = policy.deadlineMs === undefined ? undefined : startDeadline(policy.deadlineMs);
  try {
    for (let attempts = 1; ; attempts++) {
      call.attempts = attempts;
      // Each field written out: spreading `context` here (whose `policy` this one replaces) cost
      // about 7 µs a call, a fifth of the client's own time on a fast fetch.
      const outcome = await attempt({
        fetch: context.fetch,
        credentials,
        log,
        operation: name,
        attempt: attempts,
        request,
        asBytes,
        policy,
        userSignal,
        deadline,
      });
      // Stryker disable next-line ConditionalExpression: equivalent, a 2xx is an 'other-status' the table never retries; this only skips the decision
      if (outcome.ok && outcome.response.ok) return (call.response = outcome.response);
      // A status is not thrown here: openapi-fetch reads its body and the wrapper builds the APIError.
      // (Its `attempts` is set where the call's context is added: errors/call-context.ts.)
      const error = outcome.ok ? undefined : outcome.error;
      const reason = outcome.ok ? `HTTP ${outcome.response.status}` : describeFailure(outcome.error);
      const decision = decideRetry({
        kind: outcome.ok ? statusKind(outcome.response.status) : outcome.kind,
        idempotent,
        afterRedirect: outcome.redirected,
        attempt: attempts,
        policy,
        retryAfterMs: outcome.ok ? retryAfterOf(outcome.response.headers) : undefined,
        msLeft: deadline ? deadline.at - Date.now() : undefined,
      });
      const at = { operation: name, attempt: attempts };
      if (!decision.retry) {
        if (decision.why === 'may-have-been-processed' && log.on) {
          log.aboutAttempt('warn', at, 'not retried, the server may have processed it', { error: error?.name ?? reason });
        }
        call.note = decision.note;
        if (outcome.ok) return (call.response = outcome.response);
        throw outcome.error;
      }
      // Stryker disable next-line ConditionalExpression: equivalent, the guard only saves building unread messages
      if (log.on) {
        log.aboutAttempt('info', at, `retrying in ${decision.waitMs} ms after ${reason} (retry ${attempts} of ${policy.maxRetries})`, {
          waitMs: decision.waitMs,
          reason,
        });
      }
      await pause(decision.waitMs, userSignal, deadline, credentials);
    }
  } finally {
    deadline?.clear();
  }
}

/** Waits before the next attempt; the caller's signal or the deadline end the wait at once. */
async function pause(ms: number, userSignal: AbortSignal | undefined, deadline: Deadline | undefined, credentials: Credentials) {
  const ended = await sleep(ms, [userSignal, deadline?.signal]);
  if (ended === undefined) return;
  // `ended` is the signal that fired: the caller's, or else the deadline's.
  const error =
    ended === userSignal
      ? new RequestAbortedError('Request aborted by the caller while waiting to retry', { cause: credentials.sanitize(ended.reason) })
      : new RequestTimeoutError((deadline as Deadline).ms, { scope: 'deadline' });
  throw error;
}

/** `ConnectionError ECONNRESET`, or the class name when the failure has no network code. */
function describeFailure(error: SFComputeError): string {
  const { code } = error as { code?: string };
  return code ? `${error.name} ${code}` : error.name;
}
