// The base of every resource class (`sfc.nodes`, `sfc.procurements`, …): the engine's typed
// openapi-fetch client and the wrapper each method makes its one call through.
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import type { CallInit, Engine } from '../core/engine.js';
import type { FetchResult } from '../core/result.js';
import type { RequestOptions } from '../options.js';
import { APIPromise } from '../api-promise.js';

export abstract class APIResource {
  /** @internal The typed openapi-fetch client: `this.api.GET('/v1/nodes/{id}', { params, ...init })`. */
  protected readonly api: Client<paths>;
  readonly #engine: Engine;

  /** @internal Resources are reached through the client, e.g. `new SFCompute().nodes`. */
  constructor(engine: Engine) {
    this.#engine = engine;
    this.api = engine.api;
  }

  /**
   * @internal Makes one call: `call` is handed the options to spread into its openapi-fetch request and
   * must return that request's promise (anything it throws becomes the rejection); resolves with
   * the data or rejects with a typed error, and can also give the response (see APIPromise).
   */
  protected send<D>(options: RequestOptions | undefined, call: (init: CallInit) => Promise<FetchResult<D>>): APIPromise<D> {
    return new APIPromise(this.#engine.send(options, call));
  }
}
