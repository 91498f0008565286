// Every error this package throws. One base class, one class per failure a caller branches on, and
// one factory (`createAPIError`) that turns an HTTP error response into the right class.
//
// None of these objects holds the API key: they keep the *response* headers, never the request,
// and the transport masks the key in bodies and copies any underlying error (see
// internal/redact.ts) before it becomes a `cause`.
import { describeThrown } from './internal/redact.js';
import type { ErrorDetail } from './types.js';

/**
 * Base class of every error thrown by `sfcompute-client`.
 * @example
 * try { await sfc.nodes.get('n_123') } catch (e) { if (e instanceof SFComputeError) console.error(e.message) }
 */
export class SFComputeError extends Error {
  override name = 'SFComputeError';
  /**
   * How many HTTP requests the call sent before this error: 0 when it was refused before sending
   * (bad input, bad options, aborted early), 1 when it was not retried, more after retries.
   * `attempts - 1` is the retry count.
   */
  attempts = 0;

  /** A plain object safe to log or serialise: never contains the API key. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, attempts: this.attempts };
  }
}

/**
 * The client was constructed with a missing or invalid option (for example no API key).
 * @example
 * new SFCompute({ apiKey: '' }) // throws ConfigurationError naming SFC_API_KEY
 */
export class ConfigurationError extends SFComputeError {
  override name = 'ConfigurationError';
}

/** One problem found in a caller's input. */
export interface ValidationIssue {
  /** JSON pointer of the offending input: `/duration_seconds` in a body, `/id` for a path parameter, `/query/limit` for a query parameter. */
  path: string;
  /** The rule that failed, e.g. `non-empty string`. */
  rule: string;
  /** The value that broke the rule. */
  value: unknown;
}

/**
 * The caller's input was rejected before any request was sent.
 * @example
 * await sfc.nodes.extend('', body) // throws ValidationError: /id must be a non-empty string (got "")
 */
export class ValidationError extends SFComputeError {
  override name = 'ValidationError';
  /** Every problem found, in the order the checks found them. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.path} must be ${i.rule} (got ${describe(i.value)})`).join('; '));
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** What the server said about a request that failed: shared by the HTTP error classes. */
export interface ResponseInfo {
  status: number;
  headers: Headers;
  requestId: string | undefined;
}

/**
 * The API answered with a non-2xx status. Subclasses exist for the statuses callers branch on;
 * any other status is a plain `APIError`.
 * @example
 * try { await sfc.nodes.get('n_missing') }
 * catch (e) { if (e instanceof APIError) console.log(e.status, e.type, e.message, e.requestId) }
 */
export class APIError extends SFComputeError {
  override name = 'APIError';
  /** HTTP status code. */
  readonly status: number;
  /** The API's machine-readable `error.type` (e.g. `not_found`), when the body had the envelope. */
  readonly type: string | undefined;
  /** The API's `error.details`, when present. */
  readonly details: ErrorDetail[] | undefined;
  /** Request id from the `x-request-id` or `request-id` response header, when present. */
  readonly requestId: string | undefined;
  /** Response headers. */
  readonly headers: Headers;
  /** The response body: parsed JSON when it parsed, otherwise the text (API key masked). */
  readonly body: unknown;
  /**
   * How long the server asked the caller to wait before trying again, in milliseconds, from the
   * `retry-after-ms` or `Retry-After` (seconds or HTTP date) header; undefined when it did not say.
   */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, info: ResponseInfo & { type?: string; details?: ErrorDetail[]; body: unknown }) {
    super(message);
    this.retryAfterMs = retryAfterOf(info.headers);
    this.status = info.status;
    this.type = info.type;
    this.details = info.details;
    this.requestId = info.requestId;
    this.headers = info.headers;
    this.body = info.body;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      type: this.type,
      details: this.details,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/** 400: the request was malformed or had invalid values. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/** 401: the API key is missing, invalid or expired. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 402: the account cannot pay for the order (for example, insufficient balance). */
export class PaymentRequiredError extends APIError {
  override name = 'PaymentRequiredError';
}
/** 403: the key is valid but may not do this. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/** 404: no such node or procurement. */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/** 409: the request conflicts with the current state (e.g. node already released). */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/** 422: the request was understood but refused (e.g. no capacity for an extension). */
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
/** 429: too many requests. */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
}
/** 500 or above: the server failed. */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/**
 * A 2xx response whose body was not the JSON the operation documents (empty, or not JSON).
 * @example
 * catch (e) { if (e instanceof MalformedResponseError) console.log(e.status, e.body) }
 */
export class MalformedResponseError extends SFComputeError {
  override name = 'MalformedResponseError';
  /** HTTP status code. */
  readonly status: number;
  /** Request id from the response headers, when present. */
  readonly requestId: string | undefined;
  /** Response headers. */
  readonly headers: Headers;

  constructor(message: string, info: ResponseInfo, options?: { cause?: unknown }) {
    super(message, options);
    this.status = info.status;
    this.requestId = info.requestId;
    this.headers = info.headers;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, requestId: this.requestId };
  }
}

/** Options shared by the errors of an exchange that did not complete. */
/**
 * A response did not match openapi.yaml (only with `validateResponses: true`): the live API and
 * the spec this client was generated from have drifted apart. Names the operation, the status and
 * the first mismatches; the parsed body is in `body`.
 * @example
 * catch (e) { if (e instanceof ResponseValidationError) console.error(e.operation, e.issues) }
 */
export class ResponseValidationError extends SFComputeError {
  override name = 'ResponseValidationError';
  /** The operationId in openapi.yaml, e.g. `getNode`. */
  readonly operation: string;
  /** HTTP status of the response. */
  readonly status: number;
  /** The first mismatches (at most 5), each with its JSON pointer in the body, the rule and the value. */
  readonly issues: readonly ValidationIssue[];
  /** The response body as parsed. */
  readonly body: unknown;
  readonly requestId: string | undefined;

  constructor(operation: string, response: ResponseInfo, issues: ValidationIssue[], body: unknown) {
    const shown = issues.slice(0, 5);
    super(
      `${operation}: the HTTP ${response.status} response does not match openapi.yaml: ${shown
        .map((i) => `${i.path} must be ${i.rule} (got ${describe(i.value)})`)
        .join('; ')}${issues.length > shown.length ? `; and ${issues.length - shown.length} more` : ''}`,
    );
    this.operation = operation;
    this.status = response.status;
    this.issues = shown;
    this.body = body;
    this.requestId = response.requestId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), operation: this.operation, status: this.status, issues: this.issues, requestId: this.requestId };
  }
}

/**
 * `nodes.waitFor` ran out of time before the node reached the status it was waiting for.
 * @example
 * catch (e) { if (e instanceof WaitTimeoutError) console.log(`still ${e.lastStatus} after ${e.timeoutMs} ms`) }
 */
export class WaitTimeoutError extends SFComputeError {
  override name = 'WaitTimeoutError';
  /** The node waited for. */
  readonly nodeId: string;
  /** The status(es) it was waited for. */
  readonly wanted: readonly string[];
  /** The status seen last (undefined if no poll succeeded). */
  readonly lastStatus: string | undefined;
  /** The time limit, in milliseconds. */
  readonly timeoutMs: number;

  constructor(nodeId: string, wanted: readonly string[], lastStatus: string | undefined, timeoutMs: number) {
    super(`Node ${nodeId} did not become ${wanted.join(' or ')} within ${timeoutMs} ms (last status: ${lastStatus ?? 'unknown'})`);
    this.nodeId = nodeId;
    this.wanted = wanted;
    this.lastStatus = lastStatus;
    this.timeoutMs = timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), nodeId: this.nodeId, wanted: this.wanted, lastStatus: this.lastStatus, timeoutMs: this.timeoutMs };
  }
}

/**
 * `nodes.waitFor` saw the node reach a final status (failed, terminated, deleted, released) other
 * than the one it was waiting for: it will not get there any more. The node as last seen is in `node`.
 * @example
 * catch (e) { if (e instanceof NodeStateError) console.log(`node ended ${e.status}`) }
 */
export class NodeStateError extends SFComputeError {
  override name = 'NodeStateError';
  readonly nodeId: string;
  readonly wanted: readonly string[];
  /** The final status the node reached. */
  readonly status: string;
  /** The node as last returned by the API. */
  readonly node: unknown;

  constructor(nodeId: string, wanted: readonly string[], status: string, node: unknown) {
    super(`Node ${nodeId} is ${status}, a final status, so it will not become ${wanted.join(' or ')}`);
    this.nodeId = nodeId;
    this.wanted = wanted;
    this.status = status;
    this.node = node;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), nodeId: this.nodeId, wanted: this.wanted, status: this.status };
  }
}

export interface IncompleteExchange {
  /** The underlying error (a copy, with the API key masked). */
  cause?: unknown;
  /** Status of the response headers, if they had arrived before the failure. */
  responseStatus?: number;
  /** The network error code (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`…), when the runtime gave one. */
  code?: string;
}

/**
 * Base of the errors for an exchange that did not complete (not exported from the package: catch
 * `ConnectionError` or `RequestAbortedError`). Holds `responseStatus`, the status of the headers
 * if they had arrived before the failure.
 */
export abstract class IncompleteExchangeError extends SFComputeError {
  /** Status of the response headers if they arrived before the failure, else `undefined`. */
  readonly responseStatus: number | undefined;

  /** The network error code (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`…), when the runtime gave one. */
  readonly code: string | undefined;

  constructor(message: string, options: IncompleteExchange = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.responseStatus = options.responseStatus;
    this.code = options.code;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), responseStatus: this.responseStatus, code: this.code };
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
  readonly timeoutMs: number;
  /** Which limit expired: the per-attempt `timeoutMs` or the call's overall `deadlineMs`. */
  readonly scope: 'attempt' | 'deadline';

  constructor(timeoutMs: number, options: IncompleteExchange & { scope?: 'attempt' | 'deadline' } = {}) {
    const what = options.scope === 'deadline' ? `Call exceeded its deadline of ${timeoutMs} ms` : `Request timed out after ${timeoutMs} ms`;
    super(
      options.responseStatus === undefined
        ? what
        : `${what}, after the server had answered ${options.responseStatus} (the request may have taken effect)`,
      options,
    );
    this.timeoutMs = timeoutMs;
    this.scope = options.scope ?? 'attempt';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, scope: this.scope };
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

const classByStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

const SNIPPET_LENGTH = 200;
// Only this much of a non-JSON body is looked at to build a message (the whole body stays in
// `body`), which keeps the tag-stripping below cheap on a multi-megabyte page.
const SCAN_LENGTH = 4_096;

/**
 * Builds the `APIError` subclass that matches an HTTP error response. `body` is what was read
 * from the response: parsed JSON, text, or `undefined` for an empty body.
 * @example
 * const err = createAPIError({ status: 404, statusText: 'Not Found', headers: new Headers() },
 *   { error: { type: 'not_found', message: 'Node n_1 not found.' } }); // NotFoundError
 */
export function createAPIError(
  response: { status: number; statusText?: string; headers: Headers },
  body: unknown,
): APIError {
  const { status, headers } = response;
  const ErrorClass = status >= 500 ? InternalServerError : (classByStatus[status] ?? APIError);
  const info: ResponseInfo = { status, headers, requestId: requestIdOf(headers) };
  const envelope = readEnvelope(body);
  if (envelope) {
    return new ErrorClass(envelope.message, {
      ...info,
      type: envelope.type,
      details: envelope.details,
      body,
    });
  }
  return new ErrorClass(describeUnexpectedBody(response, body), { ...info, body });
}

/** The request id the server sent, if any. */
/**
 * The wait a response asks for, in milliseconds: `retry-after-ms` first, then `Retry-After` as
 * delta-seconds or as an HTTP date (a date in the past means 0). Undefined when absent or unreadable.
 */
export function retryAfterOf(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // HTTP dates start with the day name ("Sun, 06 Nov 1994 08:49:37 GMT"); anything else, such as
  // "-5", is not a date even if Date.parse would accept it.
  const date = /^[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function requestIdOf(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? headers.get('request-id') ?? undefined;
}

function readEnvelope(
  body: unknown,
): { type: string | undefined; message: string; details: ErrorDetail[] | undefined } | undefined {
  if (!isObject(body) || !isObject(body.error)) return undefined;
  const { type, message, details } = body.error;
  if (typeof message !== 'string' && typeof type !== 'string') return undefined;
  return {
    type: typeof type === 'string' ? type : undefined,
    message: typeof message === 'string' ? message : `The API answered with error type ${String(type)} and no message`,
    details: Array.isArray(details) ? (details.filter(isObject) as unknown as ErrorDetail[]) : undefined,
  };
}

// A proxy or load balancer can answer with an HTML page or plain text; say what arrived instead of
// failing to parse it.
function describeUnexpectedBody(response: { status: number; statusText?: string; headers: Headers }, body: unknown): string {
  const statusLine = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (body === undefined || body === '') return `${statusLine} with an empty body`;
  const contentType = response.headers.get('content-type') ?? 'unknown content type';
  const text = (typeof body === 'string' ? body : describeThrown(body)).slice(0, SCAN_LENGTH);
  const snippet = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (snippet === '') return `${statusLine} (${contentType}) with a blank body`;
  const shown = snippet.length > SNIPPET_LENGTH ? `${snippet.slice(0, SNIPPET_LENGTH)}…` : snippet;
  return `${statusLine} (${contentType}, not the API's error envelope): ${shown}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return describeThrown(value);
}
