// Every error answer of the fake API is built here, one way: in the body the spec documents for
// that operation and status (generated/request-shapes.ts, read from openapi.yaml): the
// `{"error": {"type", "message", "details"}}` envelope, the token operations'
// `{"object": "error", "code", "message"}`, or no body where the spec gives none (also for a status
// the operation does not document). The fake's own notices, which no operation of the spec gives
// (a path the API does not have, an operation it does not model), use the envelope.
import { errorBodies } from '../../generated/request-shapes.js';
import type { ErrorDetail, ErrorType } from '../types.js';
import type { FakeReply } from './handler.js';

/** The `error.type` each status carries in the envelope (api-facts.md, per-status schemas). */
const ERROR_TYPES: Readonly<Record<number, ErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'payment_required',
  403: 'forbidden',
  404: 'not_found',
  408: 'request_timed_out',
  409: 'conflict',
  410: 'gone',
  422: 'unprocessable_entity',
  500: 'api_error',
  501: 'not_implemented',
  503: 'service_unavailable',
};

/**
 * Why a request is refused, beyond the message: one `field` and `code` (one detail in the
 * envelope; the code of a token error), or the envelope's `details` as a list.
 */
export type Reason = { field?: string | null; code?: string } | { details: ErrorDetail[] };

function envelope(status: number, message: string, reason: Reason): FakeReply {
  const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const details =
    'details' in reason ? reason.details : reason.code !== undefined ? [{ field: reason.field ?? null, code: reason.code, message }] : [];
  return { status, body: { error: { type, message, ...(details.length > 0 ? { details } : {}) } } };
}

/**
 * The refusal of a call of `operation` with `status`, in the body the spec documents for them.
 * @example refusal('getNode', 404, 'Node n_1 not found.') // { status: 404, body: { error: { type: 'not_found', message: 'Node n_1 not found.' } } }
 * @example refusal('deleteToken', 404, 'Token not found', { code: 'token.not_found' }) // { status: 404, body: { object: 'error', code: 'token.not_found', ... } }
 */
export function refusal(operation: string, status: number, message: string, reason: Reason = {}): FakeReply {
  const kind = errorBodies[operation]?.[String(status)] ?? 'none';
  if (kind === 'none') return { status };
  if (kind === 'envelope') return envelope(status, message, reason);
  const code = 'code' in reason && reason.code !== undefined ? reason.code : kind.token;
  return { status, body: { object: 'error', code, message } };
}

/**
 * An answer of the fake itself, outside any operation of the spec, in the envelope so that its
 * message reaches the caller's error.
 * @example fakeNotice(404, 'No operation is GET /v1/v1/nodes.')
 */
export function fakeNotice(status: number, message: string): FakeReply {
  return envelope(status, message, {});
}
