// What openapi-fetch builds for each resource call in place of a `Request` (its `Request` option):
// URL, method, headers and body, nothing more. A runtime `Request` is costly to build (and
// `fetch` builds a second one from it), and its body is a one-shot stream; this keeps the body as
// given, so it is checked and serialised once and every attempt sends the same bytes.
import type { OperationId } from '../../generated/operations.js';
import type { CallContext } from '../errors/call-context.js';
import type { RequestOptions } from '../options.js';
import type { BufferedResponse } from './buffered-response.js';

/** The key under which a resource call hands its state to openapi-fetch, which passes it on to the request. */
export const CALL = Symbol('sfcompute.call');

/** One resource call, shared by the wrapper, the middleware and the fetch that runs the attempts. */
export interface CallState {
  /** The call's own options, already checked. */
  options: RequestOptions | undefined;
  /** The operation: handed in by the resource method, looked up for an `sfc.raw` request. */
  operation?: OperationId | undefined;
  /** The HTTP method, from the operation table. */
  method?: string | undefined;
  /** The operation's path template (`/v1/nodes/{id}`), from the operation table. */
  path?: string | undefined;
  /** The request's URL, set by the middleware (only its host and port reach an error message). */
  url?: string;
  /** Requests sent so far. */
  attempts: number;
  /** The final response, its body read. */
  response?: BufferedResponse;
  /** Why the call stopped retrying, when it is worth saying (added to the error's message). */
  note?: string;
}

/** What an error of the call says about it (see errors/call-context.ts). */
export function contextOf(call: CallState): CallContext {
  return { operation: call.operation, method: call.method, path: call.path, url: call.url, attempts: call.attempts };
}

export class LightRequest {
  declare readonly url: string;
  declare readonly method: string;
  declare readonly headers: Headers;
  /** The body as the caller gave it, until the middleware serialises it to JSON text. */
  declare body: unknown;
  declare readonly call: CallState | undefined;

  constructor(url: string, init: RequestInit & { [CALL]?: CallState } = {}) {
    this.url = url;
    this.method = init.method ?? 'GET';
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    // `null` is a body (JSON `null`), not the absence of one: the checks and the server see it.
    this.body = init.body;
    this.call = init[CALL];
  }
}
