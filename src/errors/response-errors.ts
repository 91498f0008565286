// A 2xx response that is not what the operation documents: unreadable (malformed) or, with
// `validateResponses`, not matching openapi.yaml.
import type { ResponseInfo } from './api-errors.js';
import { SFComputeError, type ValidationIssue, describeIssues } from './base.js';

/**
 * A 2xx response whose body was not the JSON the operation documents (empty, or not JSON).
 * @example
 * catch (e) { if (e instanceof MalformedResponseError) console.log(e.status, e.body) }
 */
export class MalformedResponseError extends SFComputeError {
  override name = 'MalformedResponseError';
  /** HTTP status code. */
  declare readonly status: number;
  /** Request id from the response headers, when present. */
  declare readonly requestId: string | undefined;
  /** Response headers. */
  declare readonly headers: Headers;

  constructor(message: string, info: ResponseInfo, options?: { cause?: unknown }) {
    super(message, options);
    this.status = info.status;
    this.requestId = info.requestId;
    this.headers = info.headers;
  }
}

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
  override operation: string;
  /** HTTP status of the response. */
  declare readonly status: number;
  /** The first mismatches (at most 5), each with its JSON pointer in the body, the rule and the value. */
  declare readonly issues: readonly ValidationIssue[];
  /** The response body as parsed. */
  declare readonly body: unknown;
  declare readonly requestId: string | undefined;

  constructor(operation: string, response: ResponseInfo, issues: ValidationIssue[], body: unknown) {
    const shown = issues.slice(0, 5);
    super(
      `the response does not match openapi.yaml: ${describeIssues(shown)}${issues.length > shown.length ? `; and ${issues.length - shown.length} more` : ''}`,
    );
    this.operation = operation;
    this.status = response.status;
    this.issues = shown;
    this.body = body;
    this.requestId = response.requestId;
  }
}
