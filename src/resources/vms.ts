// VM logs, SSH details, the user-data script and the legacy VM instances (`/v0/vms`): each method
// is one call of the typed openapi-fetch client; the poller behind `followLogs` lives in follow-logs.ts.
import type { APIPromise } from '../api-promise.js';
import type { FollowLogsOptions, RequestOptions } from '../options.js';
import type { ReplacedVm, UserData, VmInstanceList, VmLogs, VmLogsParams, VmScript, VmSsh } from '../types.js';
import { followVmLogs } from './follow-logs.js';
import { APIResource } from './resource.js';

/**
 * VM logs, SSH details, the user-data script and the legacy VM instances (`/v0/vms`). Reach it as `sfc.vms`.
 * @example
 * const { ssh_hostname, ssh_port } = await sfc.vms.ssh('vm_myOZZXw4pfcp7H9DQOldd');
 */
export class Vms extends APIResource {
  /**
   * Reads log chunks of one VM instance. Their `data` is bytes: `decodeLogLines` turns them into text.
   * @example
   * const { data } = await sfc.vms.logs({ instance_id: 'vm_myOZZXw4pfcp7H9DQOldd', order_by: 'seqnum_asc', limit: 100 });
   */
  logs(query: VmLogsParams, options?: RequestOptions): APIPromise<VmLogs> {
    return this.send(options, (init) => this.api.GET('/v0/vms/logs2', { params: { query }, ...init }));
  }

  /**
   * Follows a VM's logs, yielding text lines as they arrive, by sequence number, until `signal`
   * fires (or the loop breaks). Each poll asks for chunks after the last one seen.
   * @example
   * for await (const line of sfc.vms.followLogs('vm_myOZZXw4pfcp7H9DQOldd', { signal: AbortSignal.timeout(60_000) })) console.log(line);
   */
  followLogs(instanceId: string, options: FollowLogsOptions = {}): AsyncGenerator<string, void, undefined> {
    return followVmLogs((query, pollOptions) => this.logs(query, pollOptions), instanceId, options);
  }

  /**
   * Gets SSH connection details (host, port, host keys) of a VM.
   * @example
   * const { ssh_hostname, ssh_port } = await sfc.vms.ssh('vm_myOZZXw4pfcp7H9DQOldd');
   */
  ssh(vmId: string, options?: RequestOptions): APIPromise<VmSsh> {
    return this.send(options, (init) => this.api.GET('/v0/vms/ssh', { params: { query: { vm_id: vmId } }, ...init }));
  }

  /**
   * Gets the stored user-data script. It may come back as text or as bytes (numbers).
   * @example
   * const { script } = await sfc.vms.getScript();
   */
  getScript(options?: RequestOptions): APIPromise<VmScript> {
    return this.send(options, (init) => this.api.GET('/v0/vms/script', { ...init }));
  }

  /**
   * Stores the user-data script (text, or bytes as numbers) and returns it as stored.
   * @example
   * await sfc.vms.setScript('#!/bin/bash\necho hello\n');
   */
  setScript(script: UserData, options?: RequestOptions): APIPromise<VmScript> {
    return this.send(options, (init) => this.api.POST('/v0/vms/script', { body: { script }, ...init }));
  }

  /**
   * Lists the account's legacy VM instances and their status (`current_status`, any case: the
   * official CLI knows `running`, `dead` and `off`). The official CLI marks these calls deprecated
   * in favour of nodes.
   * @example
   * const { data } = await sfc.vms.instances();
   */
  instances(options?: RequestOptions): APIPromise<VmInstanceList> {
    return this.send(options, (init) => this.api.GET('/v0/vms/instances', { ...init }));
  }

  /**
   * Replaces one legacy VM with a new one; resolves with both IDs. Cannot be undone, and is never
   * re-sent once it may have reached the server.
   * @example
   * const { replaced_by } = await sfc.vms.replace('vm_myOZZXw4pfcp7H9DQOldd');
   */
  replace(vmId: string, options?: RequestOptions): APIPromise<ReplacedVm> {
    return this.send(options, (init) => this.api.POST('/v0/vms/replace', { body: { vm_id: vmId }, ...init }));
  }
}
