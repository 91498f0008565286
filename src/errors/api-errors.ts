// The API answered with an error status: one class per status a caller branches on. The factory
// that picks the class is in create-api-error.ts.
import { retryAfterOf } from '../core/retry-after.js';
import type { ErrorDetail } from '../types.js';
import { SFComputeError } from './base.js';

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
  declare readonly status: number;
  /** The API's machine-readable `error.type` (e.g. `not_found`), when the body had the envelope. */
  declare readonly type: string | undefined;
  /** The API's `error.details`, when present. */
  declare readonly details: ErrorDetail[] | undefined;
  /** Request id from the `x-request-id` or `request-id` response header, when present. */
  declare readonly requestId: string | undefined;
  /** Response headers. */
  declare readonly headers: Headers;
  /** The response body: parsed JSON when it parsed, otherwise the text (API key masked). */
  declare readonly body: unknown;
  /**
   * How long the server asked the caller to wait before trying again, in milliseconds, from the
   * `retry-after-ms` or `Retry-After` (seconds or HTTP date) header; undefined when it did not say.
   */
  declare readonly retryAfterMs: number | undefined;

  constructor(message: string, info: ResponseInfo & { type?: string; details?: ErrorDetail[]; body: unknown }) {
    super(message);
    this.status = info.status;
    this.type = info.type;
    this.details = info.details;
    this.requestId = info.requestId;
    this.headers = info.headers;
    this.body = info.body;
    this.retryAfterMs = retryAfterOf(info.headers);
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
/**
 * 410: what the request points at is gone for good; for the event feed, the cursor's event was
 * deleted (start again from `since`).
 */
export class GoneError extends APIError {
  override name = 'GoneError';
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
