// The one factory that turns an HTTP error response into the matching APIError subclass, reading
// the API's error envelope, or describing whatever else arrived (an HTML page from a proxy).
import { describeThrown } from '../internal/redact.js';
import type { ErrorDetail, ErrorType } from '../types.js';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  GoneError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  type ResponseInfo,
  UnprocessableEntityError,
} from './api-errors.js';

const classByStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
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
export function createAPIError(response: { status: number; statusText?: string; headers: Headers }, body: unknown): APIError {
  const { status } = response;
  const ErrorClass = status >= 500 ? InternalServerError : (classByStatus[status] ?? APIError);
  const info = responseInfo(response);
  const envelope = readErrorBody(body);
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

/** What the errors of a response keep of it: status, headers and request id. */
export function responseInfo(response: { status: number; headers: Headers }): ResponseInfo {
  return { status: response.status, headers: response.headers, requestId: requestIdOf(response.headers) };
}

/** The request id the server sent, if any. */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? headers.get('request-id') ?? undefined;
}

/** Every `ErrorType` the spec lists: a bare JSON string that is one of them is an error body (the quote's). */
const ERROR_TYPES: Readonly<Record<ErrorType, true>> = {
  api_error: true,
  invalid_request_error: true,
  authentication_error: true,
  idempotency_error: true,
  conflict: true,
  not_found: true,
  request_timed_out: true,
  forbidden: true,
  not_implemented: true,
  upgrade_required: true,
  payment_required: true,
  service_unavailable: true,
  unprocessable_entity: true,
  gone: true,
};

interface ErrorFields {
  type: string | undefined;
  message: string;
  details: ErrorDetail[] | undefined;
}

/**
 * The error fields of any of the API's error bodies: the envelope `{ error: { type, message,
 * details } }`, the same fields unwrapped (older market operations), the token operations'
 * `{ object: 'error', code, message, details }` (`code` read as the type; its free-form `details`
 * object stays in `body`), or a bare error type string (the quote's declared body).
 */
function readErrorBody(body: unknown): ErrorFields | undefined {
  if (typeof body === 'string') {
    const type = body.trim();
    return Object.hasOwn(ERROR_TYPES, type) ? fieldsOf(type, undefined, undefined, 'type') : undefined;
  }
  if (!isObject(body)) return undefined;
  // Own fields only: a field inherited from a prototype is not something the server sent.
  const error = own(body, 'error');
  if (isObject(error)) return fieldsOf(own(error, 'type'), own(error, 'message'), own(error, 'details'), 'type');
  const [type, message, details] = [own(body, 'type'), own(body, 'message'), own(body, 'details')];
  const code = own(body, 'code');
  if (own(body, 'object') === 'error' && typeof code === 'string') return fieldsOf(code, message, details, 'code');
  // Unwrapped, both fields must be there: a gateway's `{ message }` alone is not the API speaking.
  if (typeof type === 'string' && typeof message === 'string') return fieldsOf(type, message, details, 'type');
  return undefined;
}

function own(value: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(value, key) ? value[key] : undefined;
}

function fieldsOf(type: unknown, message: unknown, details: unknown, typeName: 'type' | 'code'): ErrorFields | undefined {
  if (typeof message !== 'string' && typeof type !== 'string') return undefined;
  return {
    type: typeof type === 'string' ? type : undefined,
    message: typeof message === 'string' ? message : `The API answered with error ${typeName} ${String(type)} and no message`,
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
