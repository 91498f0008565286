// The one place where a call becomes HTTP exchanges: auth, redirects, per-attempt timeout, the
// overall deadline, the caller's AbortSignal, the retry policy, and the translation of every
// failure into one of the classes in errors.ts.
import { type OperationId, operations } from '../../generated/operations.js';
import type { operations as OperationTypes } from '../../generated/schema.js';
import type { RequestBody, ResponseBody } from '../types.js';
import {
  APIError,
  ConnectionError,
  MalformedResponseError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  SFComputeError,
  ValidationError,
  createAPIError,
  requestIdOf,
} from '../errors.js';
import type { RequestInput, Validators } from './schema-check.js';
import { describeThrown, maskText, maskValue, sanitizeError } from './redact.js';
import { sleep } from './sleep.js';
import { type HeadersOption, checkCallOptions, isLoopback, mergeHeaders } from './validate.js';

/** The `fetch` the client sends with: the global `fetch`, or anything with its signature. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Receives one line per attempt, response, retry wait and final failure. The API key never
 * appears in what it is given. `console` fits.
 * @example new SFCompute({ logger: console })
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Receives response-validation mismatches when `validateResponses` is `'warn'`; else `console.warn` does. */
  warn?(message: string, fields?: Record<string, unknown>): void;
}

/** Retry and time limits, settable on the client and overridden per call. */
export interface RetryOptions {
  /**
   * Time limit of each attempt in milliseconds (headers and body), 1 to 2147483647. On expiry the
   * call throws `RequestTimeoutError` (`scope: 'attempt'`), or is retried if the operation is
   * harmless to repeat.
   * @default 60000
   * @example { timeoutMs: 10_000 }
   */
  timeoutMs?: number;
  /**
   * Time limit of the whole call in milliseconds, attempts and waits between them included.
   * On expiry the call throws `RequestTimeoutError` (`scope: 'deadline'`); a retry whose wait would
   * pass the deadline is not attempted.
   * @default undefined (no overall limit)
   * @example { deadlineMs: 30_000 }
   */
  deadlineMs?: number;
  /**
   * How many times a failed call may be re-sent, 0 or more. Only failures the retry policy
   * allows are retried: see "Retries" in the README. A create, extend, redeploy or procurement
   * create is re-sent only when the server certainly did not process it (429, or the connection
   * was never made).
   * @default 2
   * @example { maxRetries: 0 }
   */
  maxRetries?: number;
  /**
   * Backoff base in milliseconds: before retry n the client waits a random time between 0 and
   * min(retryMaxDelayMs, retryBaseDelayMs × 2^(n-1)) ("full jitter"), unless the server said how long.
   * @default 500
   * @example { retryBaseDelayMs: 250 }
   */
  retryBaseDelayMs?: number;
  /**
   * Backoff cap in milliseconds (see `retryBaseDelayMs`).
   * @default 8000
   * @example { retryMaxDelayMs: 2_000 }
   */
  retryMaxDelayMs?: number;
  /**
   * Longest server-requested wait (`Retry-After`, `retry-after-ms`) the client will honour, in
   * milliseconds. When the server asks for more, the call gives up at once and throws the error
   * (for a 429, a `RateLimitError` whose `retryAfterMs` says how long the server asked for).
   * @default 60000
   * @example { maxRetryAfterMs: 5_000 }
   */
  maxRetryAfterMs?: number;
}

/** Per-call options, accepted as the last argument of every resource method. */
export interface RequestOptions extends RetryOptions {
  /**
   * Cancels the call when it fires, including a wait between retries; the call then rejects with
   * `RequestAbortedError` and is never retried.
   * @default undefined (not cancellable)
   * @example { signal: AbortSignal.timeout(5_000) }
   */
  signal?: AbortSignal;
  /**
   * Extra headers for this call only, merged over the client's `headers` (a null value removes
   * one of those; undefined is skipped). `Authorization` is always set by the client and cannot
   * be overridden here. An invalid name or value throws `ValidationError` before sending.
   * @default {}
   * @example { headers: { 'X-Trace-Id': 'deploy-42' } }
   */
  headers?: HeadersOption;
  /**
   * Check this call's input against openapi.yaml before sending (see the client option).
   * @default the client's validateRequests (true with the main entry point)
   * @example { validateRequests: false }
   */
  validateRequests?: boolean;
}

/** The policy of one call: every retry option resolved. */
export type RetryPolicy = Required<Omit<RetryOptions, 'deadlineMs'>> & { deadlineMs: number | undefined };

type Params<Op extends OperationId> = OperationTypes[Op]['parameters'];

/** What a resource method hands to `send` for `Op`: path and query parameters and the body, as the spec types them. */
export interface CallInput<Op extends OperationId> {
  path?: Params<Op>['path'];
  query?: Params<Op>['query'];
  body?: RequestBody<Op>;
}

/** What an attempt learnt about the exchange before it failed. */
interface Seen {
  /** The final response, once its headers arrived. */
  response?: Response;
  /** A redirect was answered, so the server has seen this request (whatever later hops do). */
  redirected?: boolean;
}

/** One exchange read to the end: the final response and its parsed body. */
interface Exchanged {
  response: Response;
  /** The parsed success body (undefined when there was none). */
  data?: unknown;
  /** The error body: parsed JSON, else the text (undefined when there was none). */
  error?: unknown;
}

export interface TransportConfig {
  apiKey: string;
  baseUrl: string;
  fetch: FetchFunction;
  headers: HeadersOption | undefined;
  policy: RetryPolicy;
  logger: Logger | undefined;
  validators: Validators | undefined;
  validateRequests: boolean;
  validateResponses: false | 'throw' | 'warn';
}

/**
 * Network error codes meaning no connection was made, so the server cannot have seen the
 * request; they count only when raised while connecting or resolving (`syscall` connect or
 * getaddrinfo), since some (EHOSTUNREACH) can also hit a socket that already sent the request.
 */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const NEVER_SENT_SYSCALLS = new Set(['connect', 'getaddrinfo']);
/** Codes of a connection that broke or stalled: retried only for operations harmless to repeat. */
const BROKEN_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Statuses after which a harmless operation is re-sent (429 is re-sent for every operation). */
const TRANSIENT_STATUSES = new Set([408, 500, 502, 503, 504]);
const MAX_REDIRECTS = 10;

/**
 * How a failed attempt may be retried: `unsent` for every operation (the server certainly did not
 * process it), `transient` only for operations that are harmless to repeat, `never` not at all.
 */
type RetryClass = 'unsent' | 'transient' | 'never';
type Outcome<D> = { ok: true; data: D } | { ok: false; error: SFComputeError; retry: RetryClass };

export class Transport {
  readonly policy: RetryPolicy;
  /** Accept and the client's own headers (never Authorization): the defaults of `sfc.raw`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly #fetch: FetchFunction;
  readonly #secret: string;
  readonly #origin: string;
  /** The base URL without a trailing slash, to which operation paths are appended. */
  readonly #baseUrl: string;
  /** Accept and the client's own headers, copied into each attempt's headers. */
  readonly #headers: Headers;
  readonly #logger: Logger | undefined;
  readonly #validators: Validators | undefined;
  readonly #validateRequests: boolean;
  readonly #validateResponses: false | 'throw' | 'warn';

  constructor(config: TransportConfig) {
    // The key is kept only in a private field: neither util.inspect nor JSON.stringify of the
    // client can reveal it.
    this.#secret = config.apiKey;
    // Called as a plain function, never as a method of this object: a browser's own `fetch`
    // throws "Illegal invocation" when its `this` is anything but the window (or undefined).
    const fetch = config.fetch;
    this.#fetch = (input, init) => fetch(input, init);
    this.#origin = new URL(config.baseUrl).origin;
    this.#baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.#logger = config.logger;
    this.policy = config.policy;
    this.#validators = config.validators;
    this.#validateRequests = config.validateRequests;
    this.#validateResponses = config.validateResponses;
    this.#headers = new Headers({ Accept: 'application/json' });
    mergeHeaders(this.#headers, config.headers); // checked by the client's constructor
    // Authorization always comes from the key, and only for the API's origin.
    this.#headers.delete('authorization');
    this.headers = Object.fromEntries(this.#headers);
  }

  /**
   * Sends a `Request` built by `sfc.raw`, with the key added only when it goes to the client's
   * own origin (a per-call `baseUrl` elsewhere gets no key); a network failure becomes a
   * ConnectionError with the key masked. No timeout, retries or error classes: `sfc.raw`
   * returns `{ data, error, response }`.
   */
  async fetchRaw(request: Request): Promise<Response> {
    if (new URL(request.url).origin === this.#origin) request.headers.set('Authorization', `Bearer ${this.#secret}`);
    try {
      return await this.#fetch(request);
    } catch (error) {
      throw new ConnectionError(`Connection failed: ${maskText(describeThrown(error), this.#secret)}`, {
        cause: sanitizeError(error, this.#secret),
      });
    }
  }

  /**
   * Runs one operation, retrying as its `x-idempotent` entry and the policy allow, and returns
   * its typed body or throws a typed error. `input` (path and query parameters, body) is checked
   * against the spec first, when validators are installed. The method and path come from
   * generated/operations.ts; the URL and the body are built once, and each attempt sends the same
   * bytes. `expect` says whether the operation documents a JSON object body (`json`) or none (`empty`).
   */
  async send<Op extends OperationId>(
    operation: Op,
    input: CallInput<Op>,
    options: RequestOptions | undefined,
    expect: 'json' | 'empty',
  ): Promise<ResponseBody<Op>> {
    try {
      checkCallOptions(options as Record<string, unknown> | undefined);
      if (this.#validators && (options?.validateRequests ?? this.#validateRequests)) {
        const issues = this.#validators.checkRequest(operation, input as RequestInput);
        if (issues.length > 0) throw new ValidationError(issues);
      }
    } catch (error) {
      // Issues echo what the caller passed, which may hold the key (a header pasted whole, say).
      if (!(error instanceof ValidationError)) throw error;
      const secret = this.#secret;
      throw new ValidationError(error.issues.map((i) => ({ path: maskText(i.path, secret), rule: i.rule, value: maskValue(i.value, secret) })));
    }
    // The body is serialised once, now: every attempt sends exactly these bytes, even if the
    // caller changes the object while a retry is pending.
    const body = serialize(input.body);
    const { method, path } = operations[operation];
    const url = buildUrl(this.#baseUrl, path, input as RequestInput);
    const policy = resolvePolicy(this.policy, options);
    const idempotent = operations[operation].idempotent;
    const userSignal = options?.signal;
    if (userSignal?.aborted) {
      throw new RequestAbortedError('Request aborted before it was sent', {
        cause: sanitizeError(userSignal.reason, this.#secret),
      });
    }
    const deadline = policy.deadlineMs === undefined ? undefined : startDeadline(policy.deadlineMs);
    try {
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.#attempt({ operation, attempt, policy, userSignal, deadline, expect, headers: options?.headers, url, method, body });
        if (outcome.ok) return outcome.data as ResponseBody<Op>;
        const { error, retry } = outcome;
        error.attempts = attempt;
        const allowed = retry === 'unsent' || (retry === 'transient' && idempotent);
        if (!allowed || attempt > policy.maxRetries) {
          if (retry === 'transient' && !idempotent && this.#logger) {
            this.#log(`${operation}: not retried, the server may have processed it`, { operation, attempt, error: error.name });
          }
          throw error;
        }
        const asked = error instanceof APIError ? error.retryAfterMs : undefined;
        if (asked !== undefined && asked > policy.maxRetryAfterMs) {
          throw annotate(error, `the server asked to wait ${asked} ms before retrying, more than maxRetryAfterMs (${policy.maxRetryAfterMs})`);
        }
        const wait = asked ?? backoff(attempt, policy);
        if (deadline && Date.now() + wait >= deadline.at) {
          throw annotate(error, `not retried: waiting ${wait} ms would pass the ${policy.deadlineMs} ms deadline`);
        }
        this.#log(`${operation}: retrying in ${wait} ms after ${describeFailure(error)} (retry ${attempt} of ${policy.maxRetries})`, {
          operation,
          attempt,
          waitMs: wait,
          reason: describeFailure(error),
        });
        await this.#wait(wait, userSignal, deadline, policy, attempt);
      }
    } finally {
      deadline?.clear();
    }
  }

  async #attempt(ctx: {
    operation: OperationId;
    attempt: number;
    policy: RetryPolicy;
    userSignal: AbortSignal | undefined;
    deadline: Deadline | undefined;
    expect: 'json' | 'empty';
    headers: HeadersOption | undefined;
    url: string;
    method: string;
    body: string | undefined;
  }): Promise<Outcome<unknown>> {
    const { policy, userSignal, deadline } = ctx;
    const secret = this.#secret;
    const controller = new AbortController();
    let stoppedBy: 'caller' | 'timeout' | 'deadline' | undefined;
    const onAbort = () => {
      stoppedBy ??= 'caller';
      controller.abort(userSignal?.reason);
    };
    const onDeadline = () => {
      stoppedBy ??= 'deadline';
      controller.abort(deadline?.signal.reason);
    };
    // Set once final headers arrive, so a failure can be told apart: before vs. after the response.
    const seen: Seen = {};
    // Node's Request can stop following the signal it was built with once the garbage collector
    // runs (nodejs/node#55428), so a timeout or abort might never reach fetch. Racing the call
    // against the signal keeps both prompt whatever fetch does.
    const stopped = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      timer = setTimeout(() => {
        stoppedBy ??= 'timeout';
        controller.abort(new RequestTimeoutError(policy.timeoutMs));
      }, policy.timeoutMs);
      // A pending timeout must never keep a script alive (Node); browsers have no unref.
      (timer as { unref?: () => void }).unref?.();
      userSignal?.addEventListener('abort', onAbort, { once: true });
      deadline?.signal.addEventListener('abort', onDeadline, { once: true });
      if (userSignal?.aborted) onAbort();
      if (deadline?.signal.aborted) onDeadline();

      const pending = this.#exchange(ctx, controller.signal, seen).then(readBody);
      pending.catch(() => {}); // if `stopped` wins, a later rejection of `pending` is expected
      const result = await Promise.race([pending, stopped]);
      const { response } = result;
      // Messages are only built when someone reads them: this runs on every call.
      if (this.#logger) {
        this.#log(`${ctx.operation}: HTTP ${response.status} in ${Date.now() - started} ms`, {
          operation: ctx.operation,
          attempt: ctx.attempt,
          status: response.status,
        });
      }
      if (!response.ok) {
        const error = createAPIError(response, maskValue(result.error, secret));
        // A 429 says this request was not processed, but after a redirect it speaks only for the
        // last hop: the first may have been (a POST answered 303, then a GET limited).
        const retry =
          response.status === 429 ? (seen.redirected ? 'transient' : 'unsent') : TRANSIENT_STATUSES.has(response.status) ? 'transient' : 'never';
        return { ok: false, error, retry };
      }
      if (ctx.expect === 'json' && (typeof result.data !== 'object' || result.data === null || Array.isArray(result.data))) {
        const error = new MalformedResponseError(
          result.data === undefined
            ? `HTTP ${response.status} arrived with an empty body where a JSON object was expected`
            : `HTTP ${response.status} arrived with ${describeKind(result.data)} where a JSON object was expected`,
          responseInfo(response),
        );
        return { ok: false, error, retry: 'never' };
      }
      this.#checkResponse(ctx.operation, response, result.data);
      return { ok: true, data: result.data };
    } catch (error) {
      return this.#failure(error, stoppedBy, seen, ctx);
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onAbort);
      deadline?.signal.removeEventListener('abort', onDeadline);
    }
  }

  /** With `validateResponses`, compares a successful body with the spec; throws or warns on a mismatch. */
  #checkResponse(operation: OperationId, response: Response, data: unknown): void {
    if (!this.#validateResponses || !this.#validators) return;
    const issues = this.#validators.checkResponse(operation, response.status, data);
    if (issues.length === 0) return;
    const masked = issues.map((issue) => ({ ...issue, value: maskValue(issue.value, this.#secret) }));
    const error = new ResponseValidationError(operation, responseInfo(response), masked, maskValue(data, this.#secret));
    if (this.#validateResponses === 'throw') throw error;
    const warn = this.#logger?.warn?.bind(this.#logger) ?? console.warn;
    try {
      warn(`sfcompute: ${error.message}`, { operation, status: response.status, issues: error.issues });
    } catch {
      // A failing logger must not fail the call.
    }
  }

  /** Turns whatever an attempt threw into a typed error and says whether it may be retried. */
  #failure(
    error: unknown,
    stoppedBy: 'caller' | 'timeout' | 'deadline' | undefined,
    seen: Seen,
    ctx: { policy: RetryPolicy; userSignal: AbortSignal | undefined },
  ): Outcome<never> {
    const secret = this.#secret;
    const { response } = seen;
    const responseStatus = response?.status;
    if (stoppedBy === 'caller') {
      const aborted = new RequestAbortedError(
        responseStatus === undefined
          ? 'Request aborted by the caller'
          : `Request aborted by the caller after the server had answered ${responseStatus} (the request may have taken effect)`,
        { cause: sanitizeError(ctx.userSignal?.reason, secret), responseStatus },
      );
      return { ok: false, error: aborted, retry: 'never' };
    }
    if (stoppedBy === 'deadline') {
      const timedOut = new RequestTimeoutError(ctx.policy.deadlineMs ?? 0, { responseStatus, scope: 'deadline' });
      return { ok: false, error: timedOut, retry: 'never' };
    }
    if (stoppedBy === 'timeout') {
      return { ok: false, error: new RequestTimeoutError(ctx.policy.timeoutMs, { responseStatus }), retry: 'transient' };
    }
    if (error instanceof SFComputeError) return { ok: false, error, retry: 'never' };
    const cause = sanitizeError(error, secret);
    // The fetch function gave up by itself (its own signal or timeout): report it as an abort,
    // never retried.
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'AbortError' || name === 'TimeoutError') {
      const aborted = new RequestAbortedError(`Request stopped inside the fetch function (${String(name)}): ${cause.message}`, {
        cause,
        responseStatus,
      });
      return { ok: false, error: aborted, retry: 'never' };
    }
    if (response && error instanceof SyntaxError) {
      const malformed = new MalformedResponseError(
        `HTTP ${response.status} arrived with a body that is not valid JSON: ${cause.message}`,
        responseInfo(response),
        { cause },
      );
      return { ok: false, error: malformed, retry: 'never' };
    }
    const { code, neverSent } = networkFailure(error);
    const failed = new ConnectionError(
      responseStatus === undefined
        ? `Connection failed before a response arrived: ${describeNetworkFailure(cause, code)}`
        : `Connection failed while reading the body of a ${responseStatus} response (the request may have taken effect): ${describeNetworkFailure(cause, code)}`,
      { cause, responseStatus, code },
    );
    // Retry only what is known to be the network: a connection never made (any operation, unless
    // a redirect hop had already been answered), or one that broke or stalled, or the runtime's
    // generic network failure ("fetch failed" in Node, "Failed to fetch" in browsers). Anything
    // else (a bug in a custom fetch, a TLS certificate error) is thrown as it is.
    const retry =
      neverSent && responseStatus === undefined && !seen.redirected
        ? 'unsent'
        : neverSent || (code !== undefined && BROKEN_CODES.has(code)) || (code === undefined && isGenericNetworkError(error))
          ? 'transient'
          : 'never';
    return { ok: false, error: failed, retry };
  }

  /**
   * Sends one attempt with `Authorization`, following redirects by hand so that the key never
   * leaves the API's origin: a hop to another origin goes without it, and a hop to plain http off
   * this machine is refused.
   */
  async #exchange(
    ctx: { operation: OperationId; attempt: number; url: string; method: string; body: string | undefined; headers: HeadersOption | undefined },
    signal: AbortSignal,
    seen: Seen,
  ): Promise<Response> {
    // Later entries win: the JSON content type, then the client's headers, then the call's;
    // Authorization is always the client's own key.
    const headers = new Headers(ctx.body === undefined ? undefined : { 'Content-Type': 'application/json' });
    this.#headers.forEach((value, name) => headers.set(name, value));
    mergeHeaders(headers, ctx.headers); // checked by checkCallOptions
    headers.set('Authorization', `Bearer ${this.#secret}`);
    let { url, method, body } = ctx;
    if (this.#logger) {
      this.#log(`${ctx.operation}: ${method} ${url} (attempt ${ctx.attempt})`, { operation: ctx.operation, attempt: ctx.attempt, method });
    }
    for (let hop = 0; ; hop++) {
      const response = await this.#fetch(url, { method, headers, body, signal, redirect: 'manual' });
      if (response.type === 'opaqueredirect') {
        throw new ConnectionError(
          'The API answered with a redirect that this runtime does not let the client inspect, so it was not followed',
          { responseStatus: response.status },
        );
      }
      const location = response.headers.get('location');
      if (!isRedirect(response.status) || location === null) {
        seen.response = response;
        return response;
      }
      response.body?.cancel().catch(() => {});
      seen.redirected = true;
      if (hop >= MAX_REDIRECTS) {
        throw new ConnectionError(`Gave up after ${MAX_REDIRECTS} redirects`, { responseStatus: response.status });
      }
      const next = new URL(location, url);
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopback(next.hostname))) {
        throw new ConnectionError(`Refused to follow a redirect to ${next.protocol}//${next.host}: only https (or loopback http) is followed`, {
          responseStatus: response.status,
        });
      }
      // As browsers do: the key stays with the API's origin, whatever later hops do.
      if (next.origin !== this.#origin) headers.delete('Authorization');
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers.delete('Content-Type');
      }
      this.#log(`${ctx.operation}: following HTTP ${response.status} to ${next.origin}${next.pathname}`, {
        operation: ctx.operation,
        attempt: ctx.attempt,
        status: response.status,
      });
      url = next.href;
    }
  }

  /** Waits `ms` before the next attempt; the caller's signal or the deadline end the wait at once. */
  async #wait(
    ms: number,
    userSignal: AbortSignal | undefined,
    deadline: Deadline | undefined,
    policy: RetryPolicy,
    attempts: number,
  ): Promise<void> {
    const ended = await sleep(ms, [userSignal, deadline?.signal]);
    if (ended === undefined) return;
    const error =
      ended === userSignal
        ? new RequestAbortedError('Request aborted by the caller while waiting to retry', {
            cause: sanitizeError(userSignal?.reason, this.#secret),
          })
        : new RequestTimeoutError(policy.deadlineMs ?? 0, { scope: 'deadline' });
    error.attempts = attempts;
    throw error;
  }

  #log(message: string, fields: Record<string, unknown>): void {
    if (!this.#logger) return;
    try {
      this.#logger.debug(`sfcompute: ${maskText(message, this.#secret)}`, fields);
    } catch {
      // A failing logger must not fail the call.
    }
  }
}

function resolvePolicy(base: RetryPolicy, options: RequestOptions | undefined): RetryPolicy {
  if (!options) return base;
  return {
    timeoutMs: options.timeoutMs ?? base.timeoutMs,
    deadlineMs: options.deadlineMs ?? base.deadlineMs,
    maxRetries: options.maxRetries ?? base.maxRetries,
    retryBaseDelayMs: options.retryBaseDelayMs ?? base.retryBaseDelayMs,
    retryMaxDelayMs: options.retryMaxDelayMs ?? base.retryMaxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? base.maxRetryAfterMs,
  };
}

/** Full-jitter exponential backoff before retry number `retry` (1-based). */
export function backoff(retry: number, policy: Pick<RetryPolicy, 'retryBaseDelayMs' | 'retryMaxDelayMs'>): number {
  const ceiling = Math.min(policy.retryMaxDelayMs, policy.retryBaseDelayMs * 2 ** (retry - 1));
  return Math.floor(Math.random() * (ceiling + 1));
}

interface Deadline {
  at: number;
  signal: AbortSignal;
  clear(): void;
}

function startDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new RequestTimeoutError(ms, { scope: 'deadline' })), ms);
  (timer as { unref?: () => void }).unref?.();
  return { at: Date.now() + ms, signal: controller.signal, clear: () => clearTimeout(timer) };
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The network error code (`ECONNREFUSED`…) in an error's `cause` chain or aggregated errors, and
 * whether it proves that nothing was sent: a never-sent code raised by connect or getaddrinfo,
 * or undici's connect timeout.
 */
function networkFailure(error: unknown, depth = 0): { code: string | undefined; neverSent: boolean } {
  if (depth > 5 || typeof error !== 'object' || error === null) return { code: undefined, neverSent: false };
  const { code, syscall, cause, errors } = error as { code?: unknown; syscall?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code !== '') {
    const neverSent =
      code === 'UND_ERR_CONNECT_TIMEOUT' || (NEVER_SENT_CODES.has(code) && typeof syscall === 'string' && NEVER_SENT_SYSCALLS.has(syscall));
    return { code, neverSent };
  }
  if (Array.isArray(errors)) {
    // Happy eyeballs: one failure per address tried; nothing was sent only if none connected.
    const inner = errors.map((e) => networkFailure(e, depth + 1)).filter((f) => f.code !== undefined);
    if (inner.length > 0) return { code: inner[0]!.code, neverSent: inner.every((f) => f.neverSent) };
  }
  return networkFailure(cause, depth + 1);
}

/** The runtime's own "the network failed" error, which carries no code (browsers, some runtimes). */
function isGenericNetworkError(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed|failed to fetch|networkerror|network error|load failed|network connection was lost/i.test(error.message);
}

/**
 * The URL of one call: `template`'s `{name}` segments replaced by the percent-encoded path
 * parameters, and the query appended in form style with arrays repeated (`id=a&id=b`), leaving
 * out undefined and null values: what openapi-fetch sends by default, which the spec declares.
 */
function buildUrl(baseUrl: string, template: string, input: RequestInput): string {
  const path = template.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const value = input.path?.[name];
    return value === undefined || value === null ? whole : encodeURIComponent(String(value));
  });
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(input.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
    }
  }
  return pairs.length === 0 ? `${baseUrl}${path}` : `${baseUrl}${path}?${pairs.join('&')}`;
}

/**
 * Reads the final response's body. No body (204, or a zero Content-Length) gives neither data
 * nor error; a success body is parsed as JSON (a SyntaxError means a malformed body); an error
 * body is parsed as JSON when it is JSON, else kept as text.
 */
async function readBody(response: Response): Promise<Exchanged> {
  const length = response.headers.get('Content-Length');
  if (response.status === 204 || (length === '0' && !response.headers.get('Transfer-Encoding')?.includes('chunked'))) {
    return { response };
  }
  const text = await response.text();
  if (response.ok) return { response, data: text === '' ? undefined : JSON.parse(text) };
  try {
    return { response, error: JSON.parse(text) };
  } catch {
    return { response, error: text };
  }
}

/** The JSON text of a request body, or a ValidationError when it has none (a BigInt, a cycle). */
function serialize(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new ValidationError([{ path: '/', rule: `a JSON-serialisable body (${describeThrown(error)})`, value: typeof body }]);
  }
}

function describeNetworkFailure(cause: Error, code: string | undefined): string {
  return code === undefined || cause.message.includes(code) ? cause.message : `${cause.message} (${code})`;
}

function describeFailure(error: SFComputeError): string {
  if (error instanceof APIError) return `HTTP ${error.status}`;
  if (error instanceof ConnectionError) return error.code ? `${error.name} ${error.code}` : error.name;
  return error.name;
}

/** Appends a note to an error's message (and stack) saying why the call stopped retrying. */
function annotate<E extends SFComputeError>(error: E, note: string): E {
  const before = error.message;
  error.message = `${before} (${note})`;
  if (typeof error.stack === 'string') error.stack = error.stack.replace(before, error.message);
  return error;
}

function responseInfo(response: Response) {
  return { status: response.status, headers: response.headers, requestId: requestIdOf(response.headers) };
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a JSON array';
  if (value === null) return 'JSON null';
  return `a JSON ${typeof value}`;
}
