// Entry point `sfcompute-client`: the client with request validation on (validators compiled from
// openapi.yaml), and everything else the package exports. `sfcompute-client/core` is the same
// without the validators.
import { type ClientOptions, SFCompute as SFComputeCore } from './client.js';
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
  /** @param options see `ClientOptions`; all optional. The full validator set is installed unless `options.validators` names another (turn checks off with `validateRequests: false`). */
  constructor(options: ClientOptions = {}) {
    super({ ...options, validators: options.validators ?? validators });
  }
}
