import type { RequestOptions, Transport } from '../internal/transport.js';
import { atMostOneOf, pathSegment } from '../internal/validate.js';
import type {
  CreateNodesParams,
  ExtendNodeParams,
  ListNodesParams,
  Node,
  NodeList,
  RedeployNodeParams,
} from '../types.js';

/**
 * GPU nodes (`/v1/nodes`). Reach it as `sfc.nodes`.
 * @example
 * const { data } = await sfc.nodes.list();
 */
export class Nodes {
  readonly #t: Transport;

  /** @internal Use `new SFCompute().nodes`. */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Buys nodes. Without `end_at` they are auto reserved; with an hour-aligned `end_at`, reserved.
   * This spends money.
   * @example
   * const { data: [node] } = await sfc.nodes.create({
   *   desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley', names: ['cuda-crunch'],
   * });
   */
  async create(body: CreateNodesParams, options?: RequestOptions): Promise<NodeList> {
    return this.#t.send(
      'createNodes',
      { body },
      (init) => this.#t.api.POST('/v1/nodes', { body, ...init }),
      options,
      'json',
    );
  }

  /**
   * Lists the account's nodes, optionally only some IDs, names or one type. The API does not
   * combine filters, so passing more than one throws `ValidationError` before sending.
   * @param query filters; default none
   * @example
   * const { data } = await sfc.nodes.list({ type: 'reserved' });
   */
  async list(query?: ListNodesParams, options?: RequestOptions): Promise<NodeList> {
    atMostOneOf(query, ['id', 'name', 'type']);
    return this.#t.send(
      'listNodes',
      { query },
      (init) => this.#t.api.GET('/v1/nodes', { params: { query }, ...init }),
      options,
      'json',
    );
  }

  /**
   * Fetches one node by ID or name.
   * @example
   * const node = await sfc.nodes.get('n_b1dc52505c6db142');
   */
  async get(id: string, options?: RequestOptions): Promise<Node> {
    const path = { id: pathSegment(id, 'id') };
    return this.#t.send(
      'getNode',
      { path },
      (init) => this.#t.api.GET('/v1/nodes/{id}', { params: { path }, ...init }),
      options,
      'json',
    );
  }

  /**
   * Deletes a node (refused while it still has active or pending VMs). Resolves with nothing.
   * @example
   * await sfc.nodes.delete('n_b1dc52505c6db142');
   */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    const path = { id: pathSegment(id, 'id') };
    return this.#t.send(
      'deleteNode',
      { path },
      (init) => this.#t.api.DELETE('/v1/nodes/{id}', { params: { path }, ...init }),
      options,
      'empty',
    );
  }

  /**
   * Buys more time on a reserved node, in whole hours (`duration_seconds` ≥ 3600, a multiple of
   * 3600) at up to `max_price_per_node_hour` cents (≥ 200). This spends money.
   * @example
   * const node = await sfc.nodes.extend('n_b1dc52505c6db142', {
   *   duration_seconds: 7200, max_price_per_node_hour: 1000,
   * });
   */
  async extend(id: string, body: ExtendNodeParams, options?: RequestOptions): Promise<Node> {
    const path = { id: pathSegment(id, 'id') };
    return this.#t.send(
      'extendNode',
      { path, body },
      (init) => this.#t.api.PATCH('/v1/nodes/{id}/extend', { params: { path }, body, ...init }),
      options,
      'json',
    );
  }

  /**
   * Replaces the node's VM with a new one. Settings left out are inherited from the current VM
   * unless `override_empty` is true.
   * @param body image and cloud-init changes; default `{}` (same image and script)
   * @example
   * const node = await sfc.nodes.redeploy('n_b1dc52505c6db142', { image_id: 'vmi_1234567890abcdef' });
   */
  async redeploy(id: string, body: RedeployNodeParams = {}, options?: RequestOptions): Promise<Node> {
    const path = { id: pathSegment(id, 'id') };
    return this.#t.send(
      'redeployNode',
      { path, body },
      (init) => this.#t.api.PUT('/v1/nodes/{id}/redeploy', { params: { path }, body, ...init }),
      options,
      'json',
    );
  }

  /**
   * Releases an auto reserved node from its procurement (the procurement then wants one node
   * fewer). Releasing a node twice fails with `ConflictError`.
   * @example
   * const node = await sfc.nodes.release('n_b1dc52505c6db142');
   */
  async release(id: string, options?: RequestOptions): Promise<Node> {
    const path = { id: pathSegment(id, 'id') };
    return this.#t.send(
      'releaseNode',
      { path },
      (init) => this.#t.api.PATCH('/v1/nodes/{id}/release', { params: { path }, ...init }),
      options,
      'json',
    );
  }
}
