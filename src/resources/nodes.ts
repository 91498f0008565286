// GPU nodes (`sfc.nodes`): the generated methods (generated/resources.ts), plus what the spec cannot
// say: redeploy's default body and the poller `waitFor` (wait-for.ts).
import { NodesResource } from '../../generated/resources.js';
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions, WaitForOptions } from '../options.js';
import type { Node, RedeployNodeParams } from '../types.js';
import type { Input } from './resource.js';
import { waitForNode } from './wait-for.js';

/**
 * GPU nodes (`/v1/nodes`). Reach it as `sfc.nodes`.
 * @example
 * const { data } = await sfc.nodes.list();
 */
export class Nodes extends NodesResource {
  /**
   * Replaces the node's VM with a new one. Settings left out are inherited from the current VM
   * unless `override_empty` is true.
   * @param body image and cloud-init changes; default `{}` (same image and script)
   * @example
   * const node = await sfc.nodes.redeploy('n_b1dc52505c6db142', { image_id: 'vmi_1234567890abcdef' });
   */
  override redeploy(id: string, body: Input<RedeployNodeParams> = {}, options?: RequestOptions): APIPromise<Node> {
    return super.redeploy(id, body, options);
  }

  /**
   * Polls the node until its status is the one wanted, with growing pauses, and returns it.
   * Throws `WaitTimeoutError` when `timeoutMs` passes first, and `NodeStateError` as soon as the
   * node reaches a final status (failed, terminated, deleted, released) it was not waited for.
   * Each poll is a `get`, with its own retries. Pauses and `timeoutMs` run on the client's `clock`.
   * @example
   * const node = await sfc.nodes.waitFor('n_b1dc52505c6db142', { status: 'running', timeoutMs: 300_000 });
   */
  async waitFor(id: string, options: WaitForOptions = {}): Promise<Node> {
    return this.masked(() => waitForNode((pollOptions) => this.get(id, pollOptions), id, options, this.clock));
  }
}
