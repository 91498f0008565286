// The one place where a call becomes an HTTP exchange: auth, per-attempt timeout, the caller's
// AbortSignal, and the translation of every failure into one of the classes in errors.ts.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import {
  APIError,
  ConnectionError,
  MalformedResponseError,
  RequestAbortedError,
  RequestTimeoutError,
  SFComputeError,
  createAPIError,
  requestIdOf,
} from '../errors.js';
import { describeThrown, maskText, maskValue, sanitizeError } from './redact.js';
import { checkCallOptions } from './validate.js';

/** Per-call options, accepted as the last argument of every resource method. */
export interface RequestOptions {
  /**
   * Cancels the request when it fires; the call then rejects with `RequestAbortedError`.
   * @default undefined (not cancellable)
   * @example { signal: AbortSignal.timeout(5_000) }
   */
  signal?: AbortSignal;
  /**
   * Extra headers for this call only, merged over the client's `headers`. `Authorization` is
   * always set by the client and cannot be overridden here.
   * @default {}
   * @example { headers: { 'X-Trace-Id': 'deploy-42' } }
   */
  headers?: Record<string, string>;
  /**
   * Timeout of this call in milliseconds (1 to 2147483647), overriding the client's `timeoutMs`.
   * @default the client's timeoutMs (60000)
   * @example { timeoutMs: 10_000 }
   */
  timeoutMs?: number;
  /**
   * Retry budget of this call, overriding the client's `maxRetries`. Validated and kept, but no
   * request is retried yet: the retry policy (which never repeats a money-moving call the server
   * may have processed) is not implemented in this version.
   * @default the client's maxRetries (2)
   * @example { maxRetries: 0 }
   */
  maxRetries?: number;
}

/** What each resource method hands to openapi-fetch on top of its own params and body. */
export interface CallInit {
  signal: AbortSignal;
  headers?: Record<string, string>;
  fetch: (request: Request) => Promise<Response>;
}

/** The shape of an openapi-fetch result, reduced to what `send` reads. */
interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

export interface TransportConfig {
  apiKey: string;
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
  headers: Record<string, string>;
  timeoutMs: number;
}

export class Transport {
  /** The openapi-fetch client, authenticated by `authFetch`. */
  readonly raw: Client<paths>;
  readonly timeoutMs: number;
  readonly #authFetch: (request: Request) => Promise<Response>;
  readonly #secret: string;

  constructor(config: TransportConfig) {
    const { apiKey, fetch: baseFetch } = config;
    // The key is kept only in a private field and this closure: neither util.inspect nor
    // JSON.stringify of the client can reveal it.
    this.#secret = apiKey;
    this.#authFetch = (request) => {
      request.headers.set('Authorization', `Bearer ${apiKey}`);
      return baseFetch(request);
    };
    this.raw = createClient<paths>({
      baseUrl: config.baseUrl,
      // `sfc.raw` gets auth, and its network failures become a ConnectionError with the key
      // masked; it gets no timeout and no error classes (it returns `{ data, error, response }`).
      fetch: async (request) => {
        try {
          return await this.#authFetch(request);
        } catch (error) {
          throw new ConnectionError(`Connection failed: ${maskText(describeThrown(error), apiKey)}`, {
            cause: sanitizeError(error, apiKey),
          });
        }
      },
      headers: { Accept: 'application/json', ...config.headers },
    });
    this.timeoutMs = config.timeoutMs;
  }

  /**
   * Runs one openapi-fetch call and returns its typed body, or throws a typed error.
   * `expect` says whether the operation documents a JSON object body (`json`) or none (`empty`).
   */
  async send<D>(
    call: (init: CallInit) => Promise<FetchResult<D>>,
    options: RequestOptions | undefined,
    expect: 'json' | 'empty',
  ): Promise<D> {
    checkCallOptions(options);
    const secret = this.#secret;
    const timeoutMs = options?.timeoutMs ?? this.timeoutMs;
    const userSignal = options?.signal;
    if (userSignal?.aborted) {
      throw new RequestAbortedError('Request aborted before it was sent', {
        cause: sanitizeError(userSignal.reason, secret),
      });
    }

    const controller = new AbortController();
    let stoppedBy: 'caller' | 'timeout' | undefined;
    const onAbort = () => {
      stoppedBy ??= 'caller';
      controller.abort(userSignal?.reason);
    };
    // Set once headers arrive, so a failure can be told apart: before vs. after the response.
    const seen: { response?: Response } = {};
    // Node's Request can stop following the signal it was built with once the garbage collector
    // runs (nodejs/node#55428), so a timeout or abort might never reach fetch. Racing the call
    // against the signal keeps both prompt whatever fetch does.
    const stopped = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      timer = setTimeout(() => {
        stoppedBy ??= 'timeout';
        controller.abort(new RequestTimeoutError(timeoutMs));
      }, timeoutMs);
      // A pending timeout must never keep a script alive (Node); browsers have no unref.
      (timer as { unref?: () => void }).unref?.();
      userSignal?.addEventListener('abort', onAbort, { once: true });

      const pending = call({
        signal: controller.signal,
        headers: options?.headers,
        fetch: async (request) => {
          seen.response = await this.#authFetch(request);
          return seen.response;
        },
      });
      pending.catch(() => {}); // if `stopped` wins, a later rejection of `pending` is expected
      const result = await Promise.race([pending, stopped]);
      const { response } = result;
      if (!response.ok) throw createAPIError(response, maskValue(result.error, secret));
      if (expect === 'json' && (typeof result.data !== 'object' || result.data === null || Array.isArray(result.data))) {
        throw new MalformedResponseError(
          result.data === undefined
            ? `HTTP ${response.status} arrived with an empty body where a JSON object was expected`
            : `HTTP ${response.status} arrived with ${describeKind(result.data)} where a JSON object was expected`,
          responseInfo(response),
        );
      }
      return result.data as D;
    } catch (error) {
      // A server answer (HTTP error or malformed body) is reported as such, even if a timeout or
      // abort happened to fire while it was being handled.
      if (error instanceof APIError || error instanceof MalformedResponseError) throw error;
      const responseStatus = seen.response?.status;
      if (stoppedBy === 'caller') {
        throw new RequestAbortedError(
          responseStatus === undefined
            ? 'Request aborted by the caller'
            : `Request aborted by the caller after the server had answered ${responseStatus} (the request may have taken effect)`,
          { cause: sanitizeError(userSignal?.reason, secret), responseStatus },
        );
      }
      if (stoppedBy === 'timeout') throw new RequestTimeoutError(timeoutMs, { responseStatus });
      if (error instanceof SFComputeError) throw error;
      const cause = sanitizeError(error, secret);
      if (seen.response && error instanceof SyntaxError) {
        throw new MalformedResponseError(
          `HTTP ${seen.response.status} arrived with a body that is not valid JSON: ${cause.message}`,
          responseInfo(seen.response),
          { cause },
        );
      }
      throw new ConnectionError(
        responseStatus === undefined
          ? `Connection failed before a response arrived: ${cause.message}`
          : `Connection failed while reading the body of a ${responseStatus} response (the request may have taken effect): ${cause.message}`,
        { cause, responseStatus },
      );
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onAbort);
    }
  }
}

function responseInfo(response: Response) {
  return { status: response.status, headers: response.headers, requestId: requestIdOf(response.headers) };
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a JSON array';
  if (value === null) return 'JSON null';
  return `a JSON ${typeof value}`;
}
