// Entry point `sfcompute-client`: the client with request validation on (validators compiled from
// openapi.yaml) and `sfc.raw`, and everything else the package exports. `sfcompute-client/core`
// is the same without the validators and without `sfc.raw`.
import type { Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { SFCompute as SFComputeCore, engines } from './client.js';
import { createRawClient } from './core/raw-client.js';
import type { ClientOptions } from './options.js';
import { validators } from './validators.js';

export * from './exports.js';
export { checkNodeName, isValidNodeName, validators } from './validators.js';

/**
 * The SF Compute API client, with every call's input checked against openapi.yaml before it is
 * sent (`validateRequests`, default true) and response checks available (`validateResponses`).
 * @example
 * import { SFCompute } from 'sfcompute-client';
 * const sfc = new SFCompute(); // reads SFC_API_KEY (and SFC_BASE_URL if set)
 * const node = await sfc.nodes.extend('n_b1dc52505c6db142', { duration_seconds: 7200, max_price_per_node_hour: 1000 });
 */
export class SFCompute extends SFComputeCore {
  /**
   * An `openapi-fetch` client on the same base URL and key, for any path in the spec. It returns
   * `{ data, error, response }` instead of throwing an APIError, and has no input checks; it
   * shares the resource methods' attempts: the key only on the client's own origin, redirects
   * followed by the client, the client's timeouts, and retries by each operation's `x-idempotent`
   * (a network failure still throws a typed error). Only this entry point has it.
   * @example
   * const { data, error } = await sfc.raw.GET('/v1/nodes/{id}', { params: { path: { id: 'n_1' } } });
   */
  declare readonly raw: Client<paths>;

  /** @param options see `ClientOptions`; all optional. The full validator set is installed unless `options.validators` names another (turn checks off with `validateRequests: false`). */
  constructor(options: ClientOptions = {}) {
    super({ ...options, validators: options.validators ?? validators });
    this.raw = createRawClient(engines.get(this)!);
  }
}

// Bundled beside the core entry's class of the same name, this one is renamed (SFCompute2) in the
// ESM build; its name is what util.inspect and error trackers show.
Object.defineProperty(SFCompute, 'name', { value: 'SFCompute' });
