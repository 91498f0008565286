// What every resource method returns: a promise of the data, which can also give the response it
// came from, without sending the request again.
import { requestIdOf } from './errors/create-api-error.js';
import type { BufferedResponse } from './core/buffered-response.js';

/** The data of a call together with the response it came from. */
export interface WithResponse<T> {
  /** What `await` on the call gives. */
  data: T;
  /** The final response (after redirects), as a standard `Response` whose body can still be read. */
  response: Response;
  /** The request id from the `x-request-id` or `request-id` header, when the API sent one. */
  requestId: string | undefined;
}

/**
 * A promise of a call's data (`await sfc.nodes.get(id)` gives the node) with two more ways to read
 * the same call: `withResponse()` and `asResponse()`. The request is sent once, when the method is
 * called, whichever of them is used (and however often).
 * @example
 * const { data: node, response, requestId } = await sfc.nodes.get('n_b1dc52505c6db142').withResponse();
 * console.log(response.status, requestId, node.status);
 */
export class APIPromise<T> extends Promise<T> {
  readonly #result: Promise<{ data: T; response: BufferedResponse }>;
  #data: Promise<T> | undefined;

  /** @internal Made by the resource methods. */
  constructor(result: Promise<{ data: T; response: BufferedResponse }>) {
    // The base promise is never read: `then` and the rest are answered from `result`.
    super((resolve) => resolve(undefined as T));
    this.#result = result;
  }

  // `then` on a subclass would otherwise build another APIPromise through this constructor.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /**
   * The data, the response and its request id. Rejects with the same typed error as `await`.
   * @example const { data, response, requestId } = await sfc.zones.list().withResponse();
   */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result.then(({ data, response }) => ({ data, response: response.toResponse(), requestId: requestIdOf(response.headers) }));
  }

  /**
   * Just the final response, as a standard `Response` (its body already read once by the client,
   * and readable again). Rejects with the same typed error as `await`.
   * @example const response = await sfc.nodes.list().asResponse(); console.log(response.headers.get('x-request-id'));
   */
  asResponse(): Promise<Response> {
    return this.#result.then(({ response }) => response.toResponse());
  }

  #parsed(): Promise<T> {
    return (this.#data ??= this.#result.then(({ data }) => data));
  }

  override then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  override catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#parsed().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }
}
