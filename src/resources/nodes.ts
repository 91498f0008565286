// GPU nodes (`/v1/nodes`): each method is one call of the typed openapi-fetch client. The
// poller `waitFor` lives in wait-for.ts.
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions, WaitForOptions } from '../options.js';
import type { CreateNodesParams, ExtendNodeParams, ListNodesParams, Node, NodeList, RedeployNodeParams } from '../types.js';
import { APIResource } from './resource.js';
import { waitForNode } from './wait-for.js';

/**
 * GPU nodes (`/v1/nodes`). Reach it as `sfc.nodes`.
 * @example
 * const { data } = await sfc.nodes.list();
 */
export class Nodes extends APIResource {
  /**
   * Buys nodes. Without `end_at` they are auto reserved; with an hour-aligned `end_at`, reserved.
   * This spends money.
   * @example
   * const { data: [node] } = await sfc.nodes.create({
   *   desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley', names: ['cuda-crunch'],
   * });
   */
  create(body: CreateNodesParams, options?: RequestOptions): APIPromise<NodeList> {
    return this.send(options, (init) => this.api.POST('/v1/nodes', { body, ...init }));
  }

  /**
   * Lists the account's nodes, optionally only some IDs, names or one type. The API does not
   * combine filters, so passing more than one throws `ValidationError` before sending.
   * @param query filters; default none
   * @example
   * const { data } = await sfc.nodes.list({ type: 'reserved' });
   */
  list(query?: ListNodesParams, options?: RequestOptions): APIPromise<NodeList> {
    // The filters are checked by the request middleware (validation/input-rules.ts, ALWAYS_RULES).
    return this.send(options, (init) => this.api.GET('/v1/nodes', { params: { query }, ...init }));
  }

  /**
   * Fetches one node by ID or name.
   * @example
   * const node = await sfc.nodes.get('n_b1dc52505c6db142');
   */
  get(id: string, options?: RequestOptions): APIPromise<Node> {
    return this.send(options, (init) => this.api.GET('/v1/nodes/{id}', { params: { path: { id } }, ...init }));
  }

  /**
   * Deletes a node (refused while it still has active or pending VMs). Resolves with nothing.
   * @example
   * await sfc.nodes.delete('n_b1dc52505c6db142');
   */
  delete(id: string, options?: RequestOptions): APIPromise<void> {
    return this.send(options, (init) => this.api.DELETE('/v1/nodes/{id}', { params: { path: { id } }, ...init }));
  }

  /**
   * Buys more time on a reserved node, in whole hours (`duration_seconds` ≥ 3600, a multiple of
   * 3600) at up to `max_price_per_node_hour` cents (≥ 200). This spends money.
   * @example
   * const node = await sfc.nodes.extend('n_b1dc52505c6db142', {
   *   duration_seconds: 7200, max_price_per_node_hour: 1000,
   * });
   */
  extend(id: string, body: ExtendNodeParams, options?: RequestOptions): APIPromise<Node> {
    return this.send(options, (init) => this.api.PATCH('/v1/nodes/{id}/extend', { params: { path: { id } }, body, ...init }));
  }

  /**
   * Replaces the node's VM with a new one. Settings left out are inherited from the current VM
   * unless `override_empty` is true.
   * @param body image and cloud-init changes; default `{}` (same image and script)
   * @example
   * const node = await sfc.nodes.redeploy('n_b1dc52505c6db142', { image_id: 'vmi_1234567890abcdef' });
   */
  redeploy(id: string, body: RedeployNodeParams = {}, options?: RequestOptions): APIPromise<Node> {
    return this.send(options, (init) => this.api.PUT('/v1/nodes/{id}/redeploy', { params: { path: { id } }, body, ...init }));
  }

  /**
   * Releases an auto reserved node from its procurement (the procurement then wants one node
   * fewer). Releasing a node twice fails with `ConflictError`. Sends the JSON body `{}`, as the
   * official CLI does.
   * @example
   * const node = await sfc.nodes.release('n_b1dc52505c6db142');
   */
  release(id: string, options?: RequestOptions): APIPromise<Node> {
    return this.send(options, (init) => this.api.PATCH('/v1/nodes/{id}/release', { params: { path: { id } }, body: {}, ...init }));
  }

  /**
   * Polls the node until its status is the one wanted, with growing pauses, and returns it.
   * Throws `WaitTimeoutError` when `timeoutMs` passes first, and `NodeStateError` as soon as the
   * node reaches a final status (failed, terminated, deleted, released) it was not waited for.
   * Each poll is a `get`, with its own retries.
   * @example
   * const node = await sfc.nodes.waitFor('n_b1dc52505c6db142', { status: 'running', timeoutMs: 300_000 });
   */
  async waitFor(id: string, options: WaitForOptions = {}): Promise<Node> {
    return waitForNode((pollOptions) => this.get(id, pollOptions), id, options);
  }
}
