// What an error says about the call that failed: the status (when there was one), the method,
// the operation's path template and operationId, the host and port of a connection that failed,
// the request id and how many attempts were made. Added once, by core/finish-error.ts.
import { type SFComputeError, replaceMessage } from './base.js';
import { ConnectionError } from './exchange-errors.js';

/** The call an error belongs to, as far as it is known when the call settles. */
export interface CallContext {
  /** The operationId in openapi.yaml, e.g. `getNode`. */
  operation: string | undefined;
  /** The HTTP method, e.g. `GET`. */
  method: string | undefined;
  /** The operation's path template, e.g. `/v1/nodes/{id}`. */
  path: string | undefined;
  /** The request's URL: only its host and port are shown, and only for a connection that failed. */
  url: string | undefined;
  /** Requests sent (0 when the call was refused before sending). */
  attempts: number;
}

/**
 * The message of an error of a call: `404 GET /v1/nodes/{id} (getNode): Node n_x not found [request id req_1; 3 attempts]`.
 * Parts that are unknown are left out; `message` is the error's own text.
 */
export function describeCall(message: string, context: CallContext, facts: { status?: number; requestId?: string; host?: string }): string {
  const route = [facts.status, context.method, context.path].filter((part) => part !== undefined).join(' ');
  const named = context.operation === undefined ? route : route === '' ? context.operation : `${route} (${context.operation})`;
  const where = facts.host === undefined ? named : `${named} to ${facts.host}`;
  const extras = [facts.requestId === undefined ? undefined : `request id ${facts.requestId}`];
  if (context.attempts > 1) extras.push(`${context.attempts} attempts`);
  const shown = extras.filter((extra) => extra !== undefined);
  return `${where === '' ? '' : `${where}: `}${message}${shown.length > 0 ? ` [${shown.join('; ')}]` : ''}`;
}

/** `host:port` of a URL, the port spelt out even when it is the scheme's default; undefined when it does not parse. */
export function hostAndPort(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '');
    return port === '' ? parsed.hostname : `${parsed.hostname}:${port}`;
  } catch {
    return undefined;
  }
}

/**
 * Sets the call's fields on `error` (`operation`, `method`, `path`, `attempts`) and rewrites its
 * message (and the first line of its stack) to name them. Called once per error, by
 * `finishError` (core/finish-error.ts).
 */
export function withCallContext<E extends SFComputeError>(error: E, context: CallContext): E {
  error.operation = context.operation ?? error.operation;
  error.method = context.method;
  error.path = context.path;
  error.attempts = context.attempts;
  const { status, requestId } = error as { status?: unknown; requestId?: unknown };
  const facts: { status?: number; requestId?: string; host?: string } = {};
  if (typeof status === 'number') facts.status = status;
  if (typeof requestId === 'string') facts.requestId = requestId;
  if (error instanceof ConnectionError && context.url !== undefined) {
    const host = hostAndPort(context.url);
    if (host !== undefined) facts.host = host;
  }
  replaceMessage(error, describeCall(error.message, context, facts));
  return error;
}
