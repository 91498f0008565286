import { ConfigurationError } from './errors.js';
import { type FetchFunction, type Logger, type RetryOptions, type RetryPolicy, Transport } from './internal/transport.js';
import type { Validators } from './internal/schema-check.js';
import { maskText } from './internal/redact.js';
import { type HeadersOption, RETRY_OPTION_RULES, isLoopback, mergeHeaders } from './internal/validate.js';
import { Nodes } from './resources/nodes.js';
import { Images } from './resources/images.js';
import { Procurements } from './resources/procurements.js';
import { Vms } from './resources/vms.js';
import { Zones } from './resources/zones.js';

/** The production API. */
export const DEFAULT_BASE_URL = 'https://api.sfcompute.com';
/** Per-request timeout used when none is given, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Retry budget used when none is given. */
export const DEFAULT_MAX_RETRIES = 2;
/** Backoff base used when none is given, in milliseconds. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
/** Backoff cap used when none is given, in milliseconds. */
export const DEFAULT_RETRY_MAX_DELAY_MS = 8_000;
/** Longest server-requested wait honoured when none is given, in milliseconds. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** Options of `new SFCompute(options)`. Every field is optional. */
export interface ClientOptions extends RetryOptions {
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
   * The `fetch` to send requests with (for proxies, tests, instrumentation), with the signature of
   * the global one. Resource methods call it as `fetch(url, init)` with `redirect: 'manual'` (the
   * client follows redirects itself); `sfc.raw` calls it with a `Request`. `init.headers` carries
   * `Authorization`: do not log it.
   * @default globalThis.fetch
   * @example { fetch: (input: string | URL | Request, init?: RequestInit) => { console.log(init?.method, String(input)); return fetch(input, init); } }
   */
  fetch?: FetchFunction;
  /**
   * Headers sent with every request (undefined values are skipped). `Authorization` is always
   * set from `apiKey`. An invalid name or value throws `ConfigurationError`.
   * @default {}
   * @example { headers: { 'X-Team': 'research' } }
   */
  headers?: HeadersOption;
  /**
   * Receives a line for each attempt, response, retry wait and give-up, with the key masked.
   * @default undefined (silent)
   * @example { logger: console }
   */
  logger?: Logger;
  /**
   * Check every call's input (body, path and query parameters) against openapi.yaml before
   * sending, and throw `ValidationError` listing every problem, so that no request is made. Turn
   * it off to let the server decide. Needs validators: the main entry point has them;
   * `sfcompute-client/core` has them only if `validators` is passed.
   * @default true
   * @example { validateRequests: false }
   */
  validateRequests?: boolean;
  /**
   * Check every successful response body against openapi.yaml, to notice when the live API has
   * drifted from the spec: `true` throws `ResponseValidationError`, `'warn'` reports through
   * `logger.warn` (else `console.warn`) and returns the body anyway.
   * @default false
   * @example { validateResponses: 'warn' }
   */
  validateResponses?: boolean | 'warn';
  /**
   * The compiled validators. Only for `sfcompute-client/core`, which leaves them out to stay
   * small: `import { validators } from 'sfcompute-client/validators'`.
   * @default none with sfcompute-client/core; the full set with the main entry point
   * @example { validators }
   */
  validators?: Validators;
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
  /** Procurements: list, listAll, create, get, update, delete. */
  readonly procurements: Procurements;
  /** Zones: list, get. */
  readonly zones: Zones;
  /** VM images: list, get (download link). */
  readonly images: Images;
  /** VMs: logs, followLogs, ssh, getScript, setScript. */
  readonly vms: Vms;
  /** The base URL in use. */
  readonly baseUrl: string;
  /** The default per-attempt timeout in use, in milliseconds. */
  readonly timeoutMs: number;
  /** The default retry budget in use. */
  readonly maxRetries: number;
  /** Every retry and time limit in use by default (per-call options override them). */
  readonly retryPolicy: Readonly<RetryPolicy>;

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
    const policy: RetryPolicy = {
      timeoutMs: checkOption('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      deadlineMs: options.deadlineMs === undefined ? undefined : checkOption('deadlineMs', options.deadlineMs),
      maxRetries: checkOption('maxRetries', options.maxRetries ?? DEFAULT_MAX_RETRIES),
      retryBaseDelayMs: checkOption('retryBaseDelayMs', options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS),
      retryMaxDelayMs: checkOption('retryMaxDelayMs', options.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS),
      maxRetryAfterMs: checkOption('maxRetryAfterMs', options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS),
    };
    this.retryPolicy = Object.freeze(policy);
    this.timeoutMs = policy.timeoutMs;
    this.maxRetries = policy.maxRetries;
    if (options.logger !== undefined && typeof options.logger?.debug !== 'function') {
      throw new ConfigurationError('logger must have a debug(message, fields) method (console does)');
    }
    if (options.validateRequests !== undefined && typeof options.validateRequests !== 'boolean') {
      throw new ConfigurationError(`validateRequests must be true or false (got ${JSON.stringify(options.validateRequests)})`);
    }
    if (options.validateResponses !== undefined && typeof options.validateResponses !== 'boolean' && options.validateResponses !== 'warn') {
      throw new ConfigurationError(`validateResponses must be true, false or 'warn' (got ${JSON.stringify(options.validateResponses)})`);
    }
    const { validators } = options;
    if (validators !== undefined && (typeof validators?.checkRequest !== 'function' || typeof validators?.checkResponse !== 'function')) {
      throw new ConfigurationError("validators must be the object exported by 'sfcompute-client/validators'");
    }
    if (options.validateResponses && !validators) {
      throw new ConfigurationError(
        "validateResponses needs validators: import { validators } from 'sfcompute-client/validators' and pass { validators }",
      );
    }
    if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null)) {
      throw new ConfigurationError(`headers must be an object of header names to values (got a ${typeof options.headers})`);
    }
    const refused = mergeHeaders(new Headers(), options.headers);
    if (refused.length > 0) {
      // Values are not echoed, and names are masked: headers often carry tokens.
      throw new ConfigurationError(`headers: not a valid HTTP header name and value: ${maskText(refused.join(', '), apiKey)}`);
    }
    const baseFetch = options.fetch ?? globalThis.fetch;
    if (typeof baseFetch !== 'function') {
      throw new ConfigurationError('No fetch available: pass { fetch } (this runtime has no global fetch).');
    }
    const transport = new Transport({
      apiKey,
      baseUrl: this.baseUrl,
      fetch: baseFetch,
      headers: options.headers,
      policy,
      logger: options.logger,
      validators,
      validateRequests: options.validateRequests ?? true,
      validateResponses: options.validateResponses === 'warn' ? 'warn' : options.validateResponses ? 'throw' : false,
    });
    transports.set(this, transport);
    this.nodes = new Nodes(transport);
    this.procurements = new Procurements(transport);
    this.zones = new Zones(transport);
    this.images = new Images(transport);
    this.vms = new Vms(transport);
  }
}

/** @internal Each client's transport, for the main entry point's `raw` (not exported by the package). */
export const transports = new WeakMap<SFCompute, Transport>();

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

function checkOption(field: keyof typeof RETRY_OPTION_RULES, value: unknown): number {
  const [isValid, rule] = RETRY_OPTION_RULES[field];
  if (!isValid(value)) throw new ConfigurationError(`${field} must be ${rule} (got ${String(value)})`);
  return value as number;
}
