import { NodeStateError, RequestAbortedError, RequestTimeoutError, ValidationError, WaitTimeoutError } from '../errors.js';
import { sleep } from '../internal/sleep.js';
import type { RequestOptions, Transport } from '../internal/transport.js';
import { TIMEOUT_RULE, atMostOneOf, isTimeoutMs, pathSegment } from '../internal/validate.js';
import type {
  CreateNodesParams,
  ExtendNodeParams,
  ListNodesParams,
  Node,
  NodeList,
  NodeStatus,
  RedeployNodeParams,
} from '../types.js';

/** Every node status in openapi.yaml (NodeStatus). */
const NODE_STATUSES: readonly string[] = ['pending', 'awaitingcapacity', 'running', 'released', 'terminated', 'deleted', 'failed', 'unknown'] satisfies NodeStatus[];
/** Statuses a node does not leave: waiting for anything else after one of these is pointless. */
const FINAL_STATUSES: readonly string[] = ['failed', 'terminated', 'deleted', 'released'];

/** Options of `nodes.waitFor`. */
export interface WaitForOptions {
  /**
   * The status (or any of the statuses) to wait for.
   * @default 'running'
   * @example { status: ['running', 'awaitingcapacity'] }
   */
  status?: NodeStatus | readonly NodeStatus[];
  /**
   * How long to wait in all, in milliseconds; then `WaitTimeoutError`. Polls in flight are cut
   * short at that point, except the one made as the last pause ends, which gets the client's
   * own timeouts, so a node that arrives just in time is still seen.
   * @default 600000 (10 minutes)
   * @example { timeoutMs: 120_000 }
   */
  timeoutMs?: number;
  /**
   * First pause between polls, in milliseconds; each pause is 1.5 times the last, up to `maxIntervalMs`.
   * @default 2000
   * @example { intervalMs: 5_000 }
   */
  intervalMs?: number;
  /**
   * Longest pause between polls, in milliseconds.
   * @default 30000
   * @example { maxIntervalMs: 10_000 }
   */
  maxIntervalMs?: number;
  /**
   * Stops waiting at once (a poll in flight included) with `RequestAbortedError`.
   * @default undefined
   * @example { signal: AbortSignal.timeout(60_000) }
   */
  signal?: AbortSignal;
}

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
      options,
      'json',
    );
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
    const wanted: readonly unknown[] =
      options.status === undefined ? ['running'] : typeof options.status === 'string' ? [options.status] : Array.isArray(options.status) ? options.status : [];
    const timeoutMs = options.timeoutMs ?? 600_000;
    const maxInterval = options.maxIntervalMs ?? 30_000;
    let interval = options.intervalMs ?? 2_000;
    const issues = [];
    if (wanted.length === 0 || !wanted.every((s) => NODE_STATUSES.includes(s as string))) {
      issues.push({ path: '/options/status', rule: `one of ${NODE_STATUSES.join(', ')}, or a non-empty list of them`, value: options.status });
    }
    for (const [name, value] of [['timeoutMs', timeoutMs], ['intervalMs', interval], ['maxIntervalMs', maxInterval]] as const) {
      if (!isTimeoutMs(value)) issues.push({ path: `/options/${name}`, rule: TIMEOUT_RULE, value });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    interval = Math.min(interval, maxInterval);
    const { signal } = options;
    const deadline = Date.now() + timeoutMs;
    let last: Node | undefined;
    // Set when a pause was cut short to end at the deadline: the poll after it is the last one and
    // runs with the client's own timeouts only, so a node that got there just in time is not
    // missed. (Read from the clock instead, a timer that fires a millisecond early would leave
    // that poll a 1 ms deadline.)
    let finalPoll = false;
    for (;;) {
      const left = deadline - Date.now();
      try {
        last = await this.get(id, finalPoll || left <= 0 ? { signal } : { signal, deadlineMs: left });
      } catch (error) {
        // The overall limit cut a poll short: that is the wait timing out.
        if (error instanceof RequestTimeoutError && error.scope === 'deadline') {
          throw new WaitTimeoutError(id, wanted as string[], last?.status, timeoutMs);
        }
        throw error;
      }
      if (wanted.includes(last.status)) return last;
      if (FINAL_STATUSES.includes(last.status)) throw new NodeStateError(id, wanted as string[], last.status, last);
      const remaining = deadline - Date.now();
      if (finalPoll || remaining <= 0) throw new WaitTimeoutError(id, wanted as string[], last.status, timeoutMs);
      finalPoll = interval >= remaining;
      const pause = Math.min(interval, remaining);
      if (await sleep(pause, [signal])) {
        throw new RequestAbortedError('Stopped waiting: aborted by the caller', { cause: signal?.reason });
      }
      interval = Math.min(maxInterval, Math.ceil(interval * 1.5));
    }
  }

}
