// The one place where an error of a call is finished before the caller sees it: input errors get
// the key masked out of what they echo, an unparsable body becomes a MalformedResponseError, the
// note on why retrying stopped is appended, and the message names the call (errors/call-context.ts).
// Resource calls (Engine.send), the failed exchanges of `sfc.raw` requests (fetch-with-retries.ts;
// a body that does not parse is openapi-fetch's own SyntaxError there, as its callers expect),
// listAll's own page errors and a `validateResponses: 'warn'` line all come through here.
import { MalformedResponseError, SFComputeError, ValidationError } from '../errors/index.js';
import { replaceMessage } from '../errors/base.js';
import { withCallContext } from '../errors/call-context.js';
import type { Credentials } from './auth.js';
import { type CallState, contextOf } from './light-request.js';
import { holdsSecret } from './secrets.js';
import { responseInfo } from '../errors/create-api-error.js';

/**
 * `error` as the caller of the call `call` gets it. Anything that is not an SFComputeError (a
 * caller's own exception thrown from a middleware, say) passes through unchanged. Finishing twice
 * changes nothing more.
 */
export function finishError(error: unknown, call: CallState, credentials?: Credentials): unknown {
  let finished = error;
  if (error instanceof ValidationError && credentials) {
    finished = maskedInput(error, credentials);
  } else if (error instanceof SyntaxError && call.response && credentials) {
    finished = malformed(error, call, credentials);
  }
  if (!(finished instanceof SFComputeError) || finishedErrors.has(finished)) return finished;
  finishedErrors.add(finished);
  if (call.note) annotate(finished, call.note);
  return withCallContext(finished, contextOf(call));
}

const finishedErrors = new WeakSet<object>();

/** Whether `error` came out of `finishError` already (an error of a call inside a poller, say). */
export function wasFinished(error: unknown): boolean {
  return typeof error === 'object' && error !== null && finishedErrors.has(error);
}

/**
 * A ValidationError with the key masked in what its issues echo (the caller's input may hold it: a
 * header pasted whole, say). Also for the pollers' own option errors, which belong to no call.
 */
export function maskedInput(error: ValidationError, credentials: Credentials): ValidationError {
  return new ValidationError(
    error.issues.map((i) => ({ path: credentials.mask(i.path), rule: i.rule, value: credentials.maskValue(i.value) })),
  );
}

/** Appends a note to an error's message (and stack) saying why the call stopped retrying. */
function annotate(error: Error, note: string): void {
  replaceMessage(error, `${error.message} (${note})`);
}

/** A body openapi-fetch could not parse: the SyntaxError it threw becomes a MalformedResponseError. */
function malformed(cause: SyntaxError, call: CallState, credentials: Credentials): MalformedResponseError {
  const response = credentials.maskResponse(call.response!);
  // The parser's message quotes the body, and a body that holds a secret could not be read to
  // learn it: say only what happened.
  if (response.ok && holdsSecret(call.operation)) {
    return new MalformedResponseError(
      'the response body is not valid JSON (details withheld: it carries a secret)',
      responseInfo(response),
    );
  }
  const sanitized = credentials.sanitize(cause);
  return new MalformedResponseError(`the response body is not valid JSON: ${sanitized.message}`, responseInfo(response), {
    cause: sanitized,
  });
}
