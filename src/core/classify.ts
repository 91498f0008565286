// Turns whatever an attempt threw into one typed error and the failure kind the retry table
// reads. The key never reaches the result: every foreign error is copied with it masked.
import { ConnectionError, RequestAbortedError, RequestTimeoutError, SFComputeError } from '../errors/index.js';
import { afterAnswer } from '../errors/exchange-errors.js';
import type { Credentials } from './auth.js';
import type { FailureKind } from './retry-policy.js';

/** What stopped an attempt from outside the exchange: the caller's signal, `timeoutMs`, `deadlineMs`. */
export type StoppedBy = 'caller' | 'timeout' | 'deadline' | undefined;

/** What an attempt learnt about the exchange before it failed. */
export interface Seen {
  /** Status of the final response, once its headers arrived. */
  status?: number;
  /** A redirect was answered, so the server has seen this request (whatever later hops do). */
  redirected?: boolean;
}

/**
 * Network error codes meaning no connection was made, so the server cannot have seen the
 * request; they count only when raised while connecting or resolving (`syscall` connect or
 * getaddrinfo), since some (EHOSTUNREACH) can also hit a socket that already sent the request.
 */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const NEVER_SENT_SYSCALLS = new Set(['connect', 'getaddrinfo']);
/**
 * Codes of a connection that broke or stalled: retried only for operations harmless to repeat.
 * (undici's connect timeout is a never-sent code, above.)
 */
const BROKEN_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The typed error of a failed attempt and its kind for the retry table. */
export interface Classified {
  error: SFComputeError;
  kind: FailureKind;
}

export function classify(
  thrown: unknown,
  stoppedBy: StoppedBy,
  seen: Seen,
  context: { timeoutMs: number; deadlineMs: number | undefined; userSignal: AbortSignal | undefined; credentials: Credentials },
): Classified {
  const responseStatus = seen.status;
  if (stoppedBy === 'caller') {
    const cause = context.credentials.sanitize(context.userSignal?.reason);
    const error = new RequestAbortedError(`Request aborted by the caller${afterAnswer(responseStatus)}`, { cause, responseStatus });
    return { error, kind: 'caller-abort' };
  }
  if (stoppedBy === 'deadline') {
    return { error: new RequestTimeoutError(context.deadlineMs ?? 0, { responseStatus, scope: 'deadline' }), kind: 'deadline' };
  }
  if (stoppedBy === 'timeout') {
    return { error: new RequestTimeoutError(context.timeoutMs, { responseStatus }), kind: 'attempt-timeout' };
  }
  // Our own refusals (a redirect not followed) are final.
  if (thrown instanceof SFComputeError) return { error: thrown, kind: 'unknown' };
  const cause = context.credentials.sanitize(thrown);
  // The fetch function gave up by itself (its own signal or timeout): an abort, never retried.
  const name = (thrown as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    const message = `Request stopped inside the fetch function (${String(name)}): ${cause.message}`;
    return { error: new RequestAbortedError(message, { cause, responseStatus }), kind: 'caller-abort' };
  }
  const failure = networkFailure(thrown);
  const { neverSent } = failure;
  // The code is the thrown error's own (a custom fetch's, say): masked like its message.
  const code = failure.code === undefined ? undefined : context.credentials.mask(failure.code);
  const error = new ConnectionError(
    `Connection failed${responseStatus === undefined ? ' before a response arrived' : afterAnswer(responseStatus)}: ${describeNetworkFailure(cause, code)}`,
    { cause, responseStatus, code },
  );
  // Retry only what is known to be the network: a connection never made, or one that broke or
  // stalled, or the runtime's generic network failure ("fetch failed" in Node, "Failed to fetch"
  // in browsers). Anything else (a bug in a custom fetch, a TLS certificate error) is final.
  const kind: FailureKind =
    neverSent && responseStatus === undefined
      ? 'never-connected'
      : neverSent || BROKEN_CODES.has(code as string) || (code === undefined && isGenericNetworkError(thrown))
        ? 'connection-broken'
        : 'unknown';
  return { error, kind };
}

/**
 * The network error code (`ECONNREFUSED`…) in an error's `cause` chain or aggregated errors, and
 * whether it proves that nothing was sent: a never-sent code raised by connect or getaddrinfo,
 * or undici's connect timeout.
 */
export function networkFailure(error: unknown, depth = 0): { code: string | undefined; neverSent: boolean } {
  if (depth > 5 || typeof error !== 'object' || error === null) return { code: undefined, neverSent: false };
  const { code, syscall, cause, errors } = error as { code?: unknown; syscall?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code !== '') {
    const neverSent = code === 'UND_ERR_CONNECT_TIMEOUT' || (NEVER_SENT_CODES.has(code) && NEVER_SENT_SYSCALLS.has(syscall as string));
    return { code, neverSent };
  }
  if (Array.isArray(errors)) {
    // Happy eyeballs: one failure per address tried; nothing was sent only if none connected.
    const inner = errors.map((e) => networkFailure(e, depth + 1)).filter((f) => f.code !== undefined);
    if (inner.length > 0) return { code: inner[0]!.code, neverSent: inner.every((f) => f.neverSent) };
  }
  return networkFailure(cause, depth + 1);
}

/** The runtime's own "the network failed" error, which carries no code (browsers, some runtimes). */
export function isGenericNetworkError(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /fetch failed|failed to fetch|networkerror|network error|load failed|network connection was lost/i.test(error.message)
  );
}

function describeNetworkFailure(cause: Error, code: string | undefined): string {
  return code === undefined || cause.message.includes(code) ? cause.message : `${cause.message} (${code})`;
}
