// What a resource call returns: openapi-fetch's `{ data, error, response }` turned into the data,
// or into a typed error (the status's APIError, a malformed body, a response that does not match
// the spec). Runs once per call, after the attempts are over.
import { type OperationId, operations } from '../../generated/operations.js';
import { MalformedResponseError, ResponseValidationError, type SFComputeError, createAPIError } from '../errors/index.js';
import { responseInfo } from '../errors/create-api-error.js';
import { withCallContext } from '../errors/call-context.js';
import type { Validators } from '../validation/schema-check.js';
import type { Credentials } from './auth.js';
import type { BufferedResponse } from './buffered-response.js';
import { annotate } from './fetch-with-retries.js';
import { type CallState, contextOf } from './light-request.js';
import { holdsSecret, secretsIn } from './secrets.js';
import type { Log } from './logging.js';

export interface ResultContext {
  credentials: Credentials;
  log: Log;
  validators: Validators | undefined;
  validateResponses: false | 'throw' | 'warn';
}

/** openapi-fetch's result, reduced to what is read here. */
export interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; throws the typed error of any other. */
export function unwrap<D>(result: FetchResult<D>, call: CallState, context: ResultContext): D {
  // Only what errors keep of it: the caller's own response (withResponse) is left as it came.
  const response = context.credentials.maskResponse(result.response as unknown as BufferedResponse);
  if (!response.ok) {
    const error = createAPIError(response, context.credentials.maskValue(result.error));
    throw finish(error, call);
  }
  const operation = call.operation;
  for (const secret of secretsIn(operation, result.data)) context.credentials.remember(secret);
  if (operation && operations[operation].response === 'json' && !isObject(result.data)) {
    const message =
      result.data === undefined
        ? 'the response has an empty body where a JSON object was expected'
        : `the response has ${describeKind(result.data)} where a JSON object was expected`;
    throw finish(new MalformedResponseError(message, responseInfo(response)), call);
  }
  if (operation && context.validateResponses && context.validators) checkResponse(operation, response, result.data, call, context);
  return result.data as D;
}

/** A body openapi-fetch could not parse: the SyntaxError it threw becomes a MalformedResponseError. */
export function malformed(cause: SyntaxError, call: CallState, credentials: Credentials): MalformedResponseError {
  const response = credentials.maskResponse(call.response!);
  // The parser's message quotes the body, and a body that holds a secret could not be read to
  // learn it: say only what happened.
  if (response.ok && holdsSecret(call.operation)) {
    const message = "the response body is not valid JSON (the parser's words are left out: this response carries a secret)";
    return finish(new MalformedResponseError(message, responseInfo(response)), call);
  }
  const sanitized = credentials.sanitize(cause);
  const error = new MalformedResponseError(`the response body is not valid JSON: ${sanitized.message}`, responseInfo(response), {
    cause: sanitized,
  });
  return finish(error, call);
}

/** What a mismatch of a response that carries a secret shows in place of each value and of the body. */
const WITHHELD = '[withheld: this response carries a secret]';

/**
 * With `validateResponses`, compares a successful body with the spec; throws or warns on a
 * mismatch. A response that carries a secret (a created token) is only warned about, whatever the
 * mode, with no value of it shown: the secret exists on the server from now on, so the caller must
 * get it, and a body of an unexpected shape may hold it in a field that masking does not know.
 */
function checkResponse(operation: OperationId, response: BufferedResponse, data: unknown, call: CallState, context: ResultContext): void {
  const issues = context.validators!.checkResponse(operation, response.status, data);
  if (issues.length === 0) return;
  const { credentials } = context;
  const secret = holdsSecret(operation);
  const shown = issues.map((issue) => ({ ...issue, value: secret ? WITHHELD : credentials.maskValue(issue.value) }));
  const error = new ResponseValidationError(operation, responseInfo(response), shown, secret ? WITHHELD : credentials.maskValue(data));
  if (context.validateResponses === 'throw' && !secret) throw finish(error, call);
  withCallContext(error, contextOf(call));
  context.log.mismatch(error.message, { operation, status: response.status, issues: error.issues });
}

/** The error with the note on why retrying stopped, if any (its attempts are set where the call's context is added). */
function finish<E extends SFComputeError>(error: E, call: CallState): E {
  return call.note ? annotate(error, call.note) : error;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a JSON array';
  if (value === null) return 'JSON null';
  return `a JSON ${typeof value}`;
}
