// VM logs, SSH details, the user-data script and the legacy VM instances (`sfc.vms`): the generated
// methods (generated/resources.ts), plus `followLogs`, whose poller lives in follow-logs.ts.
import { VmsResource } from '../../generated/resources.js';
import type { FollowLogsOptions } from '../options.js';
import { followVmLogs } from './follow-logs.js';

/**
 * VM logs, SSH details, the user-data script and the legacy VM instances (`/v0/vms`). Reach it as `sfc.vms`.
 * @example
 * const { ssh_hostname, ssh_port } = await sfc.vms.ssh('vm_myOZZXw4pfcp7H9DQOldd');
 */
export class Vms extends VmsResource {
  /**
   * Follows a VM's logs, yielding text lines as they arrive, by sequence number, until `signal`
   * fires (or the loop breaks). Each poll asks for chunks after the last one seen; pauses run on
   * the client's `clock`.
   * @example
   * for await (const line of sfc.vms.followLogs('vm_myOZZXw4pfcp7H9DQOldd', { signal: AbortSignal.timeout(60_000) })) console.log(line);
   */
  followLogs(instanceId: string, options: FollowLogsOptions = {}): AsyncGenerator<string, void, undefined> {
    return this.maskedIteration(followVmLogs((query, pollOptions) => this.logs(query, pollOptions), instanceId, options, this.clock));
  }
}
