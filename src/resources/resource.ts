// The base of every resource class (`sfc.nodes`, `sfc.procurements`, …): the engine's typed
// openapi-fetch client, the wrapper each method makes its one call through, and the types the
// generated methods (generated/resources.ts) are written in. Generated code imports only this file
// and generated/.
import type { Client } from 'openapi-fetch';
import type { OperationId } from '../../generated/operations.js';
import type { operations, paths } from '../../generated/schema.js';
import type { Clock } from '../clock.js';
import type { CallInit, Engine } from '../core/engine.js';
import type { FetchResult } from '../core/result.js';
import type { RequestOptions } from '../options.js';
import { APIPromise } from '../api-promise.js';

export type { APIPromise } from '../api-promise.js';
export type { RequestOptions } from '../options.js';

/** JSON body of the first 2xx response of an operation (`void` when it has none). */
export type ResponseBody<Op extends keyof operations> = JsonContent<
  operations[Op]['responses'][SuccessCode & keyof operations[Op]['responses']]
>;
/** JSON request body of an operation. */
export type RequestBody<Op extends keyof operations> =
  NonNullable<operations[Op]['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
/** Query parameters of an operation. */
export type QueryParams<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

type SuccessCode = 200 | 201 | 202 | 204;
type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : void;

/**
 * What a method accepts for a body or query of type `T`: the same, except that an optional field
 * may also be given as `undefined` (sent as if it were left out), so that callers compiled with
 * `exactOptionalPropertyTypes` can pass `{ zone: maybeZone }`.
 * @example
 * const body: Input<CreateNodesParams> = { desired_count: 1, max_price_per_node_hour: 1600, zone: undefined };
 */
export type Input<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]: Record<never, never> extends Pick<T, K> ? Input<T[K]> | undefined : Input<T[K]> }
    : T;

export abstract class APIResource {
  /** @internal The typed openapi-fetch client: `this.api.GET('/v1/nodes/{id}', { params, ...init })`. */
  protected readonly api: Client<paths>;
  readonly #engine: Engine;

  /** @internal Resources are reached through the client, e.g. `new SFCompute().nodes`. */
  constructor(engine: Engine) {
    this.#engine = engine;
    this.api = engine.api;
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
