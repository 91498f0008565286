// The one place where a call becomes an HTTP exchange: auth, per-attempt timeout, the caller's
// AbortSignal, and the translation of every failure into one of the classes in errors.ts.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import {
  ConnectionError,
  MalformedResponseError,
  RequestAbortedError,
  RequestTimeoutError,
  SFComputeError,
  createAPIError,
  requestIdOf,
} from '../errors.js';
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
   * @example { headers: { 'Idempotency-Key': 'c2f1…' } }
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
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
}

export class Transport {
  /** The openapi-fetch client, authenticated by `authFetch`. */
  readonly raw: Client<paths>;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly #authFetch: (request: Request, init?: RequestInit) => Promise<Response>;
  readonly #scrub: (error: unknown) => unknown;

  constructor(config: TransportConfig) {
    const { apiKey, fetch: baseFetch } = config;
    // The key lives only in this closure: not on any enumerable property, so neither
    // util.inspect nor JSON.stringify of the client can reveal it.
    this.#authFetch = (request, init) => {
      request.headers.set('Authorization', `Bearer ${apiKey}`);
      return init === undefined ? baseFetch(request) : baseFetch(request, init);
    };
    this.#scrub = (error) => scrubSecret(error, apiKey);
    this.raw = createClient<paths>({
      baseUrl: config.baseUrl,
      fetch: this.#authFetch,
      headers: { Accept: 'application/json', ...config.headers },
    });
    this.timeoutMs = config.timeoutMs;
    this.maxRetries = config.maxRetries;
  }

  /**
   * Runs one openapi-fetch call and returns its typed body, or throws a typed error.
   * `expect` says whether the operation documents a JSON body (`json`) or none (`empty`).
   */
  async send<D>(
    call: (init: CallInit) => Promise<FetchResult<D>>,
    options: RequestOptions | undefined,
    expect: 'json' | 'empty',
  ): Promise<D> {
    checkCallOptions(options);
    const timeoutMs = options?.timeoutMs ?? this.timeoutMs;
    const userSignal = options?.signal;
    if (userSignal?.aborted) {
      throw new RequestAbortedError('Request aborted before it was sent', { cause: userSignal.reason });
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new RequestTimeoutError(timeoutMs));
    }, timeoutMs);
    // A pending timeout must never keep a script alive (Node); browsers have no unref.
    (timer as { unref?: () => void }).unref?.();
    const onAbort = () => controller.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onAbort, { once: true });

    // Set once headers arrive, so a failure can be told apart: before vs. after the response.
    const seen: { response?: Response } = {};
    // Node's Request can stop following the signal it was built with once the garbage collector
    // runs (nodejs/node#55428), so a timeout or abort might never reach fetch. Racing the call
    // against the signal keeps both prompt whatever fetch does.
    const stopped = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    try {
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
      if (!result.response.ok) throw createAPIError(result.response, result.error);
      if (expect === 'json' && result.data === undefined) {
        throw new MalformedResponseError(
          `HTTP ${result.response.status} arrived with an empty body where JSON was expected`,
          responseInfo(result.response),
        );
      }
      return result.data as D;
    } catch (error) {
      if (error instanceof SFComputeError) throw error;
      if (userSignal?.aborted) {
        throw new RequestAbortedError('Request aborted by the caller', { cause: this.#scrub(userSignal.reason) });
      }
      if (timedOut) throw new RequestTimeoutError(timeoutMs);
      const { response } = seen;
      if (response && error instanceof SyntaxError) {
        throw new MalformedResponseError(
          `HTTP ${response.status} arrived with a body that is not valid JSON: ${error.message}`,
          responseInfo(response),
          { cause: error },
        );
      }
      const scrubbed = this.#scrub(error);
      const detail = scrubbed instanceof Error ? scrubbed.message : stringify(scrubbed);
      throw new ConnectionError(
        response
          ? `Connection failed while reading the response body: ${detail}`
          : `Connection failed before a response arrived: ${detail}`,
        { cause: scrubbed },
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

// A custom `fetch` could put the request, and so the key, into its error. Replace such an error by
// a copy with the key masked rather than carry it around as `cause`.
function scrubSecret(error: unknown, secret: string): unknown {
  const texts = error instanceof Error ? [error.message, error.stack ?? '', String(error.cause ?? '')] : [];
  let serialised = '';
  try {
    serialised = typeof error === 'string' ? error : (JSON.stringify(error) ?? '');
  } catch {
    // Not serialisable (circular): the message and stack are what would be shown.
  }
  if (![...texts, serialised].some((text) => text.includes(secret))) return error;
  const mask = (text: string) => text.split(secret).join('[redacted]');
  const copy = new Error(mask(error instanceof Error ? error.message : serialised));
  copy.name = error instanceof Error ? error.name : 'Error';
  copy.stack = error instanceof Error && error.stack ? mask(error.stack) : copy.stack;
  return copy;
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
