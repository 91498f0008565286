// The client's HTTP core: the typed openapi-fetch client every resource method calls, set up with
// our light request, the fetch that runs the attempts, the middleware that checks input, and the
// wrapper (`send`) that turns openapi-fetch's result into data or a typed error. (`sfc.raw` is
// built on its fields in raw-client.ts.)
import createClient, { type Client, type HeadersOptions } from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import type { Clock } from '../clock.js';
import { type OperationId, operations } from '../../generated/operations.js';
import { CALL_OPTION_RULES, checkOptions } from '../option-rules.js';
import type { FetchFunction, HeadersOption, LogLevel, Logger, RequestOptions, RetryPolicy } from '../options.js';
import type { Validators } from '../validation/schema-check.js';
import { Credentials } from './auth.js';
import type { BufferedResponse } from './buffered-response.js';
import { type EngineContext, fetchWithRetries } from './fetch-with-retries.js';
import { callHeaders, mergeHeaders } from './headers.js';
import { ValidationError } from '../errors/index.js';
import { finishError, maskedInput, wasFinished } from './finish-error.js';
import { CALL, type CallState, LightRequest } from './light-request.js';
import { Log } from './logging.js';
import { lenientPathSerializer, lenientQuerySerializer } from './url-params.js';
import { prepareRequest } from './prepare-request.js';
import { type FetchResult, type ResultContext, unwrap } from './result.js';

export interface EngineConfig {
  apiKey: string;
  baseUrl: string;
  fetch: FetchFunction;
  headers: HeadersOption | undefined;
  policy: RetryPolicy;
  logger: Logger | undefined;
  logLevel: LogLevel;
  validators: Validators | undefined;
  validateRequests: boolean;
  validateResponses: false | 'throw' | 'warn';
  /** What the client's time rules read and its pollers wait on. */
  clock: Clock;
  /** Whether `clock` is the machine's (none was given), for the words of an error that counted from now. */
  systemClock: boolean;
  /** The client's limit on what one call may spend at worst, in cents. */
  maxCallCostCents: number | undefined;
}

/** What a resource method spreads into its openapi-fetch call's options. */
export interface CallInit {
  headers?: HeadersOptions;
  [CALL]: CallState;
}

export class Engine {
  /** The typed openapi-fetch client of the resource methods (light requests, see light-request.ts). */
  declare readonly api: Client<paths>;
  /** The client's clock (`ClientOptions.clock`). */
  declare readonly clock: Clock;
  /** The base URL, without a trailing slash. */
  declare readonly baseUrl: string;
  /** Accept and the client's own headers (never Authorization): every request's defaults. */
  declare readonly headers: Readonly<Record<string, string>>;
  /** What runs the attempts of a call (also `sfc.raw`'s, core/raw-client.ts). */
  declare readonly context: EngineContext;
  readonly #credentials: Credentials;
  readonly #log: Log;
  readonly #results: ResultContext;

  constructor(config: EngineConfig) {
    this.baseUrl = config.baseUrl;
    this.clock = config.clock;
    const credentials = new Credentials(config.apiKey, config.baseUrl);
    this.#credentials = credentials;
    const log = new Log(config.logger, credentials, config.logLevel);
    this.#log = log;
    // Called as a plain function, never as a method of an object: a browser's own `fetch` throws
    // "Illegal invocation" when its `this` is anything but the window (or undefined).
    const userFetch = config.fetch;
    const fetch: FetchFunction = (input, init) => userFetch(input, init);
    this.context = { fetch, credentials, log, policy: config.policy };
    const headers = new Headers({ Accept: 'application/json' });
    mergeHeaders(headers, config.headers); // checked by the client's constructor
    // Authorization always comes from the key, and only for the API's origin.
    headers.delete('authorization');
    // A plain record: openapi-fetch merges it into each request's headers faster than a Headers.
    this.headers = Object.fromEntries(headers);
    this.#results = { credentials, log, validators: config.validators, validateResponses: config.validateResponses };
    this.api = createClient<paths>({
      baseUrl: config.baseUrl,
      headers: this.headers,
      Request: LightRequest as unknown as typeof Request,
      fetch: fetchWithRetries(this.context),
      // The middleware checks the body and serialises it once (see prepare-request.ts).
      bodySerializer: (body: unknown) => body,
      // Never throw: the middleware refuses what they leave out, naming the operation.
      pathSerializer: lenientPathSerializer,
      querySerializer: lenientQuerySerializer,
    });
    this.api.use(
      prepareRequest({
        validators: config.validators,
        validateRequests: config.validateRequests,
        clock: config.clock,
        systemClock: config.systemClock,
        maxCallCostCents: config.maxCallCostCents,
      }),
    );
  }

  /**
   * Runs one resource call of `operation`: checks `options`, lets `call` make the openapi-fetch
   * request with `init` spread into its options, and returns the data with the final response, or
   * throws a typed error, finished (errors/call-context.ts names the call) in `finishError`.
   */
  async send<D>(
    operation: OperationId,
    options: RequestOptions | undefined,
    call: (init: CallInit) => Promise<FetchResult<D>>,
  ): Promise<{ data: D; response: BufferedResponse }> {
    const { method, path } = operations[operation];
    const state: CallState = { options, attempts: 0, operation, method, path };
    try {
      checkOptions(CALL_OPTION_RULES, options);
      const init: CallInit = { [CALL]: state };
      if (options?.headers !== undefined) init.headers = callHeaders(options.headers);
      const result = await call(init);
      const data = unwrap(result, state, this.#results);
      return { data, response: result.response as unknown as BufferedResponse };
    } catch (error) {
      const finished = finishError(error, state, this.#credentials);
      if (this.#log.on) this.#logFailure(finished, state);
      throw finished;
    }
  }

  /** `error` with the key masked where it echoes the caller's input: the pollers' option errors. */
  masked(error: unknown): unknown {
    return error instanceof ValidationError && !wasFinished(error) ? maskedInput(error, this.#credentials) : error;
  }

  /** The `error` line of a failed call: the error's name and message (which name the call), and its fields. */
  #logFailure(error: unknown, state: CallState): void {
    const { name, message, status, requestId } = error as { name?: string; message?: string; status?: number; requestId?: string };
    this.#log.write('error', `${name}: ${message}`, {
      operation: state.operation,
      attempts: state.attempts,
      status,
      requestId,
      error: name,
    });
  }
}
