// An exchange that did not complete: the connection failed, a time limit expired, or the caller
// aborted. `responseStatus` tells whether the server had answered before it happened.
import { SFComputeError } from './base.js';

/** Options shared by the errors of an exchange that did not complete. */
export interface IncompleteExchange {
  /** The underlying error (a copy, with the API key masked). */
  cause?: unknown;
  /** Status of the response headers, if they had arrived before the failure. */
  responseStatus?: number;
  /** The network error code (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`…), when the runtime gave one. */
  code?: string;
}

/**
 * What a message adds once the server had answered (`responseStatus` set): `, once the server had
 * answered 201 (the request may have taken effect)`; nothing before.
 */
export function afterAnswer(responseStatus: number | undefined): string {
  return responseStatus === undefined ? '' : `, once the server had answered ${responseStatus} (the request may have taken effect)`;
}

/**
 * Base of the errors for an exchange that did not complete (not exported from the package: catch
 * `ConnectionError` or `RequestAbortedError`). Holds `responseStatus`, the status of the headers
 * if they had arrived before the failure.
 */
export abstract class IncompleteExchangeError extends SFComputeError {
  /** Status of the response headers if they arrived before the failure, else `undefined`. */
  declare readonly responseStatus: number | undefined;

  /** The network error code (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`…), when the runtime gave one. */
  declare readonly code: string | undefined;

  constructor(message: string, options: IncompleteExchange = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.responseStatus = options.responseStatus;
    this.code = options.code;
  }
}

/**
 * The exchange failed without a complete HTTP response: DNS failure, refused or reset connection,
 * TLS error, or a body cut off mid-way. The underlying error is in `cause`.
 *
 * When `responseStatus` is set, the server had already answered: a create, extend or redeploy may
 * have taken effect, so check (e.g. `nodes.list()`) before sending it again.
 * @example
 * catch (e) { if (e instanceof ConnectionError && e.responseStatus === undefined) console.log('not answered:', e.cause) }
 */
export class ConnectionError extends IncompleteExchangeError {
  override name = 'ConnectionError';
}

/**
 * A time limit expired: `timeoutMs` for one attempt (headers and body together; `scope:
 * 'attempt'`), or `deadlineMs` for the whole call, retries and waits included (`scope: 'deadline'`).
 * @example
 * catch (e) { if (e instanceof RequestTimeoutError) console.log(`gave up after ${e.timeoutMs} ms (${e.scope})`) }
 */
export class RequestTimeoutError extends ConnectionError {
  override name = 'RequestTimeoutError';
  /** The limit that expired, in milliseconds. */
  declare readonly timeoutMs: number;
  /** Which limit expired: the per-attempt `timeoutMs` or the call's overall `deadlineMs`. */
  declare readonly scope: 'attempt' | 'deadline';

  constructor(timeoutMs: number, options: IncompleteExchange & { scope?: 'attempt' | 'deadline' } = {}) {
    const what = options.scope === 'deadline' ? `Call exceeded its deadline of ${timeoutMs} ms` : `Request timed out after ${timeoutMs} ms`;
    super(what + afterAnswer(options.responseStatus), options);
    this.timeoutMs = timeoutMs;
    this.scope = options.scope ?? 'attempt';
  }
}

/**
 * The caller's `AbortSignal` fired. The signal's reason is in `cause`. When `responseStatus` is
 * set, the server had already answered and the request may have taken effect.
 * @example
 * const ac = new AbortController(); setTimeout(() => ac.abort(), 100);
 * await sfc.nodes.list({}, { signal: ac.signal }) // may throw RequestAbortedError
 */
export class RequestAbortedError extends IncompleteExchangeError {
  override name = 'RequestAbortedError';
}
