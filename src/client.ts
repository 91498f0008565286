import type { Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { ConfigurationError } from './errors.js';
import { Transport } from './internal/transport.js';
import { RETRIES_RULE, TIMEOUT_RULE, isRetryBudget, isTimeoutMs } from './internal/validate.js';
import { Nodes } from './resources/nodes.js';
import { Procurements } from './resources/procurements.js';

/** The production API. */
export const DEFAULT_BASE_URL = 'https://api.sfcompute.com';
/** Per-request timeout used when none is given, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Retry budget used when none is given. */
export const DEFAULT_MAX_RETRIES = 2;

/** Options of `new SFCompute(options)`. Every field is optional. */
export interface ClientOptions {
  /**
   * API token, sent as `Authorization: Bearer <apiKey>`. Never logged nor put in an error.
   * @default process.env.SFC_API_KEY
   * @example { apiKey: 'sk_live_…' }
   */
  apiKey?: string;
  /**
   * Root URL of the API, without a version segment. Must be https, except for loopback hosts
   * (`localhost`, `127.x.x.x`, `[::1]`), so that the key never travels in clear text.
   * @default process.env.SFC_BASE_URL, else 'https://api.sfcompute.com'
   * @example { baseUrl: 'http://127.0.0.1:4010' }
   */
  baseUrl?: string;
  /**
   * The `fetch` to send requests with (for proxies, tests, instrumentation). It is called with a
   * ready `Request` whose `Authorization` header is already set: do not log its headers.
   * @default globalThis.fetch
   * @example { fetch: (request: Request) => { console.log(request.method, request.url); return fetch(request); } }
   */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Headers sent with every request. `Authorization` is always set from `apiKey`.
   * @default {}
   * @example { headers: { 'X-Team': 'research' } }
   */
  headers?: Record<string, string>;
  /**
   * Timeout of each request in milliseconds (1 to 2147483647); throws `RequestTimeoutError`.
   * @default 60000
   * @example { timeoutMs: 10_000 }
   */
  timeoutMs?: number;
  /**
   * Retry budget per call (a whole number, 0 or more). Validated and kept, but no request is
   * retried yet: the retry policy (which never repeats a money-moving call the server may have
   * processed) is not implemented in this version.
   * @default 2
   * @example { maxRetries: 0 }
   */
  maxRetries?: number;
}

/**
 * The SF Compute API client.
 * @example
 * import { SFCompute } from 'sfcompute-client';
 * const sfc = new SFCompute(); // reads SFC_API_KEY (and SFC_BASE_URL if set)
 * const node = await sfc.nodes.extend('n_b1dc52505c6db142', { duration_seconds: 7200, max_price_per_node_hour: 1000 });
 */
export class SFCompute {
  /** Nodes: create, list, get, delete, extend, redeploy, release. */
  readonly nodes: Nodes;
  /** Procurements: list, create, get, update, delete. */
  readonly procurements: Procurements;
  /**
   * The underlying `openapi-fetch` client, authenticated like the rest, for any path in the spec.
   * It returns `{ data, error, response }` instead of throwing.
   * @example
   * const { data, error } = await sfc.raw.GET('/v1/nodes/{id}', { params: { path: { id: 'n_1' } } });
   */
  readonly raw: Client<paths>;
  /** The base URL in use. */
  readonly baseUrl: string;
  /** The default per-request timeout in use, in milliseconds. */
  readonly timeoutMs: number;
  /** The default retry budget in use. */
  readonly maxRetries: number;

  /** @param options see `ClientOptions`; all optional. */
  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? readEnv('SFC_API_KEY');
    if (apiKey === undefined || apiKey.trim() === '') {
      throw new ConfigurationError(
        'No API key: pass { apiKey } to new SFCompute() or set the SFC_API_KEY environment variable.',
      );
    }
    // A header value may not contain control characters; say so without echoing the key.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(apiKey) || apiKey !== apiKey.trim()) {
      throw new ConfigurationError(
        'The API key (apiKey or SFC_API_KEY) contains whitespace or control characters; check how it was copied.',
      );
    }
    this.baseUrl = checkBaseUrl(options.baseUrl ?? readEnv('SFC_BASE_URL') ?? DEFAULT_BASE_URL);
    this.timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.maxRetries = checkRetries(options.maxRetries ?? DEFAULT_MAX_RETRIES, 'maxRetries');
    const baseFetch = options.fetch ?? globalThis.fetch;
    if (typeof baseFetch !== 'function') {
      throw new ConfigurationError('No fetch available: pass { fetch } (this runtime has no global fetch).');
    }
    const transport = new Transport({
      apiKey,
      baseUrl: this.baseUrl,
      fetch: baseFetch,
      headers: { ...options.headers },
      timeoutMs: this.timeoutMs,
    });
    this.raw = transport.raw;
    this.nodes = new Nodes(transport);
    this.procurements = new Procurements(transport);
  }
}

function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`baseUrl must be an absolute http(s) URL (got ${JSON.stringify(value)})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`baseUrl must use http or https (got ${JSON.stringify(value)})`);
  }
  // Plain HTTP would send the key in clear text; allow it only where it never leaves the machine
  // (a local mock server, a local proxy).
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new ConfigurationError(
      `baseUrl must use https unless it points at this machine (localhost, 127.x.x.x, [::1]); got ${JSON.stringify(value)}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigurationError('baseUrl must not carry credentials, a query or a fragment');
  }
  return url.href.replace(/\/+$/, '');
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

function checkTimeout(value: unknown, field: string): number {
  if (!isTimeoutMs(value)) throw new ConfigurationError(`${field} must be ${TIMEOUT_RULE} (got ${String(value)})`);
  return value;
}

function checkRetries(value: unknown, field: string): number {
  if (!isRetryBudget(value)) throw new ConfigurationError(`${field} must be ${RETRIES_RULE} (got ${String(value)})`);
  return value;
}
