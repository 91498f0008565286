// The errors of `nodes.waitFor`: out of time, or the node reached a final status not waited for.
import { SFComputeError } from './base.js';

/**
 * `nodes.waitFor` ran out of time before the node reached the status it was waiting for.
 * @example
 * catch (e) { if (e instanceof WaitTimeoutError) console.log(`still ${e.lastStatus} after ${e.timeoutMs} ms`) }
 */
export class WaitTimeoutError extends SFComputeError {
  override name = 'WaitTimeoutError';
  /** The node waited for. */
  declare readonly nodeId: string;
  /** The status(es) it was waited for. */
  declare readonly wanted: readonly string[];
  /** The status seen last (undefined if no poll succeeded). */
  declare readonly lastStatus: string | undefined;
  /** The time limit, in milliseconds. */
  declare readonly timeoutMs: number;

  /** `note`, when given, ends the message (what the wait may have missed, such as the clock it ran on). */
  constructor(nodeId: string, wanted: readonly string[], lastStatus: string | undefined, timeoutMs: number, note?: string) {
    super(
      `Node ${nodeId} did not become ${wanted.join(' or ')} within ${timeoutMs} ms (last status: ${lastStatus ?? 'unknown'})` +
        (note ? `. ${note}` : ''),
    );
    this.nodeId = nodeId;
    this.wanted = wanted;
    this.lastStatus = lastStatus;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * `nodes.waitFor` saw the node reach a final status (failed, terminated, deleted, released) other
 * than the one it was waiting for: it will not get there any more. The node as last seen is in `node`.
 * @example
 * catch (e) { if (e instanceof NodeStateError) console.log(`node ended ${e.status}`) }
 */
export class NodeStateError extends SFComputeError {
  override name = 'NodeStateError';
  declare readonly nodeId: string;
  declare readonly wanted: readonly string[];
  /** The final status the node reached. */
  declare readonly status: string;
  /** The node as last returned by the API. */
  declare readonly node: unknown;

  constructor(nodeId: string, wanted: readonly string[], status: string, node: unknown) {
    super(`Node ${nodeId} is ${status}, a final status, so it will not become ${wanted.join(' or ')}`);
    this.nodeId = nodeId;
    this.wanted = wanted;
    this.status = status;
    this.node = node;
  }
}
