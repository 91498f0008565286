// The answers the fake API gives: its reply type, and error replies in the API's documented
// envelope `{"error": {"type", "message", "details"}}`.
import type { ErrorDetail, ErrorType } from '../types.js';

/** What a handler of the fake API answers: a status, a JSON body (none for 204) and headers. */
export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The `error.type` each documented error status carries (api-facts.md, per-status schemas). */
export const ERROR_TYPES: Readonly<Record<number, ErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'payment_required',
  403: 'forbidden',
  404: 'not_found',
  408: 'request_timed_out',
  409: 'conflict',
  422: 'unprocessable_entity',
  500: 'api_error',
  501: 'not_implemented',
  503: 'service_unavailable',
};

/** An error reply in the documented envelope; `details` only when given. */
export function errorReply(status: number, message: string, details?: ErrorDetail[]): FakeReply {
  const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { status, body: { error: { type, message, ...(details && details.length > 0 ? { details } : {}) } } };
}

/** An error reply without a body, for the operations whose errors the spec documents without one (/v0/vms, images). */
export function bareReply(status: number): FakeReply {
  return { status };
}

/** A 400 (or `status`) naming one field and a rule, in the envelope. */
export function fieldError(status: number, field: string | null, code: string, message: string): FakeReply {
  return errorReply(status, message, [{ field, code, message }]);
}
