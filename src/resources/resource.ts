// The base of every resource class (`sfc.nodes`, `sfc.procurements`, …): the engine's typed
// openapi-fetch client, the wrapper each method makes its one call through, and (re-exported) the
// types the generated methods (generated/resources.ts) are written in. Generated code imports only
// this file and generated/.
import type { Client } from 'openapi-fetch';
import type { OperationId } from '../../generated/operations.js';
import type { paths } from '../../generated/schema.js';
import type { Clock } from '../clock.js';
import type { CallInit, Engine } from '../core/engine.js';
import type { FetchResult } from '../core/result.js';
import type { RequestOptions } from '../options.js';
import { APIPromise } from '../api-promise.js';

export type { APIPromise } from '../api-promise.js';
export type { RequestOptions } from '../options.js';
// The types generated methods are written in (types.ts: friendly names for the generated types).
export type { Input, QueryParams, RequestBody, ResponseBody } from '../types.js';

export abstract class APIResource {
  /** @internal The typed openapi-fetch client: `this.api.GET('/v1/nodes/{id}', { params, ...init })`. */
  declare protected readonly api: Client<paths>;
  readonly #engine: Engine;

  /** @internal Resources are reached through the client, e.g. `new SFCompute().nodes`. */
  constructor(engine: Engine) {
    this.#engine = engine;
    this.api = engine.api;
  }

  /**
   * @internal `run()`'s result, with the key masked in the input errors it throws: for the pollers
   * of hand-written subclasses, whose option errors belong to no call.
   */
  protected async masked<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.#engine.masked(error);
    }
  }

  /** @internal The iteration of `items`, with the key masked in the input errors it throws (see `masked`). */
  protected async *maskedIteration<T>(items: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
    try {
      yield* items;
    } catch (error) {
      throw this.#engine.masked(error);
    }
  }

  /** @internal The client's clock, for the pollers of hand-written subclasses (`waitFor`, `followLogs`). */
  protected get clock(): Clock {
    return this.#engine.clock;
  }

  /**
   * @internal Makes one call of `operation`: `call` is handed the options to spread into its
   * openapi-fetch request and must return that request's promise (anything it throws becomes the
   * rejection); resolves with the data or rejects with a typed error, and can also give the
   * response (see APIPromise).
   */
  protected send<D>(
    operation: OperationId,
    options: RequestOptions | undefined,
    call: (init: CallInit) => Promise<FetchResult<D>>,
  ): APIPromise<D> {
    return new APIPromise(this.#engine.send(operation, options, call));
  }
}
