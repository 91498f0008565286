// The base of every error this package throws, and the two refused before anything is sent: bad
// configuration and bad input. None of these objects ever holds the API key.
import { describeThrown } from '../internal/redact.js';

/**
 * Base class of every error thrown by `sfcompute-client`.
 * @example
 * try { await sfc.nodes.get('n_123') } catch (e) { if (e instanceof SFComputeError) console.error(e.message) }
 */
export class SFComputeError extends Error {
  override name = 'SFComputeError';
  /**
   * The operationId in openapi.yaml of the call that failed (e.g. `getNode`); undefined for an
   * error not raised by a call (a bad client option, a helper's refusal).
   */
  operation: string | undefined = undefined;
  /** The HTTP method of the call that failed (e.g. `GET`); undefined as `operation` is. */
  method: string | undefined = undefined;
  /** The path template of the call that failed (e.g. `/v1/nodes/{id}`), never the filled-in URL; undefined as `operation` is. */
  path: string | undefined = undefined;
  /**
   * How many HTTP requests the call sent before this error: 0 when it was refused before sending
   * (bad input, bad options, aborted early), 1 when it was not retried, more after retries.
   * `attempts - 1` is the retry count.
   */
  attempts = 0;

  /**
   * A plain object safe to log or serialise: the name, the message and every field of the error
   * but `headers`, `body` and `node` (the response's and the node's own, which can be large).
   * A field JSON cannot write (a server's `details` nested too deep, a bigint, a cycle) is shown
   * as `[not shown: it cannot be written as JSON]`, so that logging an error never throws.
   * Never contains the API key.
   */
  toJSON(): Record<string, unknown> {
    const { headers: _headers, body: _body, node: _node, ...fields } = this as Record<string, unknown>;
    const json: Record<string, unknown> = { name: this.name, message: this.message, ...fields };
    for (const key in json) {
      try {
        JSON.stringify(json[key]);
      } catch {
        json[key] = '[not shown: it cannot be written as JSON]';
      }
    }
    return json;
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
  declare readonly issues: readonly ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(describeIssues(issues));
    this.issues = issues;
  }
}

/**
 * Replaces an error's message and the first line of its stack (`Name: message`). The stack is
 * read first: V8 writes it out on first read, so reading it after the change would show the new
 * message already. Its first line is rebuilt, not searched: a message may hold `$&`, or text that
 * also appears in the class name. A stack that does not start as expected is left as it is.
 */
export function replaceMessage(error: Error, message: string): void {
  const stack = error.stack;
  // V8 writes `Name` alone for an empty message; a custom Error.prepareStackTrace may write `Name: `.
  const headers = error.message === '' ? [`${error.name}: `, error.name] : [`${error.name}: ${error.message}`];
  error.message = message;
  const header = headers.find((h) => stack?.startsWith(h) && (stack.length === h.length || stack[h.length] === '\n'));
  if (stack !== undefined && header !== undefined) error.stack = `${error.name}: ${message}${stack.slice(header.length)}`;
}

/** Issues in words, as error messages list them: `/id must be a non-empty string (got "")`, joined with `; `. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path} must be ${i.rule} (got ${describe(i.value)})`).join('; ');
}

/** What kind of value `value` is, in words (`a string`, `an array`, `null`), without any of its content. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** A value as shown in an error message: strings quoted and cut at 60 characters. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return describeThrown(value);
}
