// What a resource call returns: openapi-fetch's `{ data, error, response }` turned into the data,
// or into a typed error (the status's APIError, a malformed body, a response that does not match
// the spec). Runs once per call, after the attempts are over.
import { type OperationId, operations } from '../../generated/operations.js';
import { MalformedResponseError, ResponseValidationError, createAPIError } from '../errors/index.js';
import { responseInfo } from '../errors/create-api-error.js';
import { kindOf } from '../errors/base.js';
import type { Validators } from '../validation/schema-check.js';
import type { Credentials } from './auth.js';
import type { BufferedResponse } from './buffered-response.js';
import { finishError } from './finish-error.js';
import type { CallState } from './light-request.js';
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
  const { credentials } = context;
  const received = result.response as unknown as BufferedResponse;
  // Only what errors keep of it is masked: the caller's own response (withResponse) is left as it came.
  if (!received.ok) {
    const error = createAPIError(credentials.maskResponse(received), credentials.maskValue(result.error));
    throw error;
  }
  const operation = call.operation;
  // Masked as the key and the secrets known before this response stood, like a failed one: at
  // once when it hands a secret over (remembered just below), else only when an error needs it
  // (most calls build none, and masking reads every header).
  const early = holdsSecret(operation) ? credentials.maskResponse(received) : undefined;
  const masked = () => early ?? credentials.maskResponse(received);
  for (const secret of secretsIn(operation, result.data)) credentials.remember(secret);
  if (operation && operations[operation].response === 'json' && !isObject(result.data)) {
    const kind = result.data === undefined ? 'an empty body' : kindOf(result.data);
    throw new MalformedResponseError(`the response has ${kind} where a JSON object was expected`, responseInfo(masked()));
  }
  if (operation && context.validateResponses && context.validators) checkResponse(operation, masked(), result.data, call, context);
  return result.data as D;
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
  if (context.validateResponses === 'throw' && !secret) throw error;
  finishError(error, call, credentials);
  context.log.mismatch(error.message, { operation, status: response.status, issues: error.issues });
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
