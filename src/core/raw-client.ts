// `sfc.raw` (the main entry's only): an openapi-fetch client for any path of the spec, over the
// engine's attempts, with runtime `Request` objects and openapi-fetch's own serialisers. Nothing
// on the core entry reaches this module, so its bundles do not carry it.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { type OperationId, operations } from '../../generated/operations.js';
import type { Engine } from './engine.js';
import { type EngineContext, runAttempts } from './fetch-with-retries.js';
import { finishError } from './finish-error.js';
import type { CallState } from './light-request.js';
import { encodedQuerySerializer } from './url-params.js';

const byRoute = new Map<string, OperationId>(
  (Object.keys(operations) as OperationId[]).map((id) => [`${operations[id].method} ${operations[id].path}`, id]),
);

/**
 * The operation of each `sfc.raw` request, looked up from the method and the path template
 * openapi-fetch matched (a runtime Request has no room of its own for it).
 */
const rawOperations = new WeakMap<Request, OperationId>();

/** The middleware that notes each request's operation, for its retry rule and its errors. */
const noteOperation: Middleware = {
  onRequest({ request, schemaPath }) {
    const operation = byRoute.get(`${request.method} ${schemaPath}`);
    if (operation) rawOperations.set(request, operation);
    return undefined;
  },
};

/**
 * The fetch of `sfc.raw`: runs the attempts of one runtime Request (key on the client's origin
 * only, redirects, timeouts, retries by the operation's x-idempotent), finishes its errors (a
 * resource call's are finished where it settles, in Engine.send), and hands back a standard
 * response whose body was read within the attempt's time limit.
 */
function rawFetch(context: EngineContext): (input: Request) => Promise<Response> {
  return async (input) => {
    const operation = rawOperations.get(input);
    const outgoing = {
      url: input.url,
      method: input.method,
      headers: new Headers(input.headers),
      body: input.body ? await input.arrayBuffer() : undefined,
    };
    context.credentials.authorize(outgoing.headers, outgoing.url);
    const call: CallState = {
      options: undefined,
      attempts: 0,
      operation,
      method: outgoing.method,
      path: operation === undefined ? undefined : operations[operation].path,
      url: outgoing.url,
    };
    try {
      return (await runAttempts(context, call, outgoing, operation, input.signal, true)).toResponse();
    } catch (error) {
      throw finishError(error, call, context.credentials);
    }
  };
}

/**
 * A new `sfc.raw` client on `engine`: its base URL, default headers and attempts, query names
 * percent-encoded, returning openapi-fetch's `{ data, error, response }`.
 */
export function createRawClient(engine: Engine): Client<paths> {
  const raw = createClient<paths>({
    baseUrl: engine.baseUrl,
    headers: engine.headers,
    fetch: rawFetch(engine.context),
    querySerializer: encodedQuerySerializer,
  });
  raw.use(noteOperation);
  return raw;
}
