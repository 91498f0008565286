// The client: reads and checks its options, then builds the engine (core/engine.ts) and the
// resources on it (resources/tree.ts: one per resource of openapi.yaml).
import { systemClock } from './clock.js';
import { Engine } from './core/engine.js';
import { mergeHeaders } from './core/headers.js';
import { ConfigurationError } from './errors/index.js';
import { maskText } from './internal/redact.js';
import { LOG_LEVEL_NAMES, checkBaseUrl, checkClientOptions } from './option-rules.js';
import { type ClientOptions, DEFAULT_BASE_URL, type LogLevel, type RetryPolicy } from './options.js';
import { DEFAULT_POLICY, resolvePolicy } from './core/retry-policy.js';
import type { GeneratedResources } from '../generated/resources.js';
import { type HandWrittenResources, buildResources } from './resources/tree.js';

// The resources (`sfc.nodes`, `sfc.events`, …) come from openapi.yaml: their types are merged in
// here, the hand-written subclasses in place of the classes they extend, and the constructor builds
// them (resources/tree.ts).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface SFCompute extends Omit<GeneratedResources, keyof HandWrittenResources>, HandWrittenResources {}

/**
 * The SF Compute API client.
 * @example
 * import { SFCompute } from 'sfcompute-client';
 * const sfc = new SFCompute(); // reads SFC_API_KEY (and SFC_BASE_URL if set)
 * const node = await sfc.nodes.extend('n_b1dc52505c6db142', { duration_seconds: 7200, max_price_per_node_hour: 1000 });
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SFCompute {
  /** The base URL in use. */
  declare readonly baseUrl: string;
  /** The default per-attempt timeout in use, in milliseconds. */
  declare readonly timeoutMs: number;
  /** The default retry budget in use. */
  declare readonly maxRetries: number;
  /** Every retry and time limit in use by default (per-call options override them). */
  declare readonly retryPolicy: Readonly<RetryPolicy>;

  /** @param options see `ClientOptions`; all optional. */
  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? readEnv('SFC_API_KEY');
    if (apiKey === undefined || apiKey.trim() === '') {
      throw new ConfigurationError('No API key: pass { apiKey } or set SFC_API_KEY');
    }
    // A header value may not contain control characters; say so without echoing the key.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(apiKey) || apiKey !== apiKey.trim()) {
      throw new ConfigurationError('The API key (apiKey or SFC_API_KEY) has whitespace or control characters');
    }
    const envBaseUrl = options.baseUrl === undefined ? readEnv('SFC_BASE_URL') : undefined;
    this.baseUrl = checkBaseUrl(options.baseUrl ?? envBaseUrl ?? DEFAULT_BASE_URL, envBaseUrl === undefined ? 'baseUrl' : 'SFC_BASE_URL');
    checkClientOptions(options);
    const policy = resolvePolicy(DEFAULT_POLICY, options);
    this.timeoutMs = policy.timeoutMs;
    this.maxRetries = policy.maxRetries;
    this.retryPolicy = Object.freeze(policy);
    const { validators } = options;
    if (options.validateResponses && !validators) {
      throw new ConfigurationError("validateResponses needs { validators } from 'sfcompute-client/validators'");
    }
    const refused = mergeHeaders(new Headers(), options.headers);
    if (refused.length > 0) {
      // Values are not echoed, and names are masked: headers often carry tokens.
      throw new ConfigurationError(`headers: not a valid HTTP header name and value: ${maskText(refused.join(', '), apiKey)}`);
    }
    const baseFetch = options.fetch ?? globalThis.fetch;
    // Not in the rules table: this is about the runtime, not about what was passed.
    if (typeof baseFetch !== 'function') {
      throw new ConfigurationError('No global fetch in this runtime: pass { fetch }');
    }
    // SFC_LOG sets the level when the code does not; a level without a logger writes to console.
    const envLevel = options.logLevel === undefined ? readEnv('SFC_LOG') : undefined;
    if (envLevel !== undefined && !LOG_LEVEL_NAMES.includes(envLevel)) {
      // What it holds is not shown: a key pasted into the wrong variable would be printed.
      throw new ConfigurationError(`SFC_LOG must be one of ${LOG_LEVEL_NAMES.join(', ')}`);
    }
    const logLevel = options.logLevel ?? (envLevel as LogLevel | undefined) ?? (options.logger ? 'debug' : 'off');
    const logger = options.logger ?? (logLevel === 'off' ? undefined : console);
    const engine = new Engine({
      apiKey,
      baseUrl: this.baseUrl,
      fetch: baseFetch,
      headers: options.headers,
      policy,
      logger,
      logLevel,
      validators,
      validateRequests: options.validateRequests ?? true,
      validateResponses: options.validateResponses === 'warn' ? 'warn' : options.validateResponses ? 'throw' : false,
      clock: options.clock ?? systemClock,
      systemClock: options.clock === undefined || options.clock === systemClock,
      maxCallCostCents: options.maxCallCostCents,
    });
    engines.set(this, engine);
    Object.assign(this, buildResources(engine));
  }
}

/** @internal Each client's engine, for the main entry point's `raw` (not exported by the package). */
export const engines = new WeakMap<SFCompute, Engine>();

function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  let value: string | undefined;
  try {
    value = env?.[name];
  } catch {
    // Deno without --allow-env throws on reading a variable: treat it as unset.
    return undefined;
  }
  return value === undefined || value === '' ? undefined : value;
}
