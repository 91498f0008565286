import { LogLineDecoder } from '../helpers/logs.js';
import { ValidationError } from '../errors.js';
import { sleep } from '../internal/sleep.js';
import { TIMEOUT_RULE, isTimeoutMs } from '../internal/validate.js';
import type { RequestOptions, Transport } from '../internal/transport.js';
import type { UserData, VmLogs, VmLogsParams, VmScript, VmSsh } from '../types.js';

/** Options of `vms.followLogs`. */
export interface FollowLogsOptions {
  /**
   * Ends the iteration (quietly: the loop simply stops) when it fires, a wait in progress included.
   * @default undefined (follow until the loop breaks)
   * @example { signal: AbortSignal.timeout(60_000) }
   */
  signal?: AbortSignal;
  /**
   * Pause between polls once caught up, in milliseconds.
   * @default 2000
   * @example { intervalMs: 500 }
   */
  intervalMs?: number;
  /**
   * Start after this sequence number (chunks with a higher one are read).
   * @default -1 (from the first chunk)
   * @example { afterSeqnum: 1200 }
   */
  afterSeqnum?: number;
  /**
   * Chunks asked for per poll.
   * @default 500
   * @example { pageSize: 100 }
   */
  pageSize?: number;
}

/**
 * VM logs, SSH details and the user-data script (`/v0/vms`). Reach it as `sfc.vms`.
 * @example
 * const { ssh_hostname, ssh_port } = await sfc.vms.ssh('vm_myOZZXw4pfcp7H9DQOldd');
 */
export class Vms {
  readonly #t: Transport;

  /** @internal Use `new SFCompute().vms`. */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Reads log chunks of one VM instance. Their `data` is bytes: `decodeLogLines` turns them into text.
   * @example
   * const { data } = await sfc.vms.logs({ instance_id: 'vm_myOZZXw4pfcp7H9DQOldd', order_by: 'seqnum_asc', limit: 100 });
   */
  async logs(query: VmLogsParams, options?: RequestOptions): Promise<VmLogs> {
    return this.#t.send('getVmLogs', { query }, options, 'json');
  }

  /**
   * Follows a VM's logs, yielding text lines as they arrive, by sequence number, until `signal`
   * fires (or the loop breaks). Each poll asks for chunks after the last one seen.
   * @example
   * for await (const line of sfc.vms.followLogs('vm_myOZZXw4pfcp7H9DQOldd', { signal: AbortSignal.timeout(60_000) })) console.log(line);
   */
  async *followLogs(instanceId: string, options: FollowLogsOptions = {}): AsyncGenerator<string, void, undefined> {
    const { signal } = options;
    const intervalMs = options.intervalMs ?? 2_000;
    const limit = options.pageSize ?? 500;
    const issues = [];
    if (!isTimeoutMs(intervalMs)) issues.push({ path: '/options/intervalMs', rule: TIMEOUT_RULE, value: intervalMs });
    if (!Number.isInteger(limit) || limit < 1) issues.push({ path: '/options/pageSize', rule: 'a whole number, 1 or more', value: limit });
    if (issues.length > 0) throw new ValidationError(issues);
    let last = options.afterSeqnum ?? -1;
    const decoder = new LogLineDecoder();
    while (!signal?.aborted) {
      let page: VmLogs;
      try {
        // Whether since_seqnum is inclusive is undocumented: ask from the last chunk seen (so none
        // is skipped either way) and drop what was already seen.
        const query: VmLogsParams = { instance_id: instanceId, order_by: 'seqnum_asc', limit, ...(last >= 0 ? { since_seqnum: last } : {}) };
        page = await this.logs(query, { signal });
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      }
      const fresh = page.data.filter((chunk) => chunk.seqnum > last).sort((a, b) => a.seqnum - b.seqnum);
      for (const chunk of fresh) {
        if (signal?.aborted) return;
        last = chunk.seqnum;
        yield* decoder.push(chunk);
      }
      // A short page means we are caught up: wait before asking again.
      if (page.data.length < limit && (await sleep(intervalMs, [signal]))) return;
    }
  }

  /**
   * Gets SSH connection details (host, port, host keys) of a VM.
   * @example
   * const { ssh_hostname, ssh_port } = await sfc.vms.ssh('vm_myOZZXw4pfcp7H9DQOldd');
   */
  async ssh(vmId: string, options?: RequestOptions): Promise<VmSsh> {
    const query = { vm_id: vmId };
    return this.#t.send('getVmSsh', { query }, options, 'json');
  }

  /**
   * Gets the stored user-data script. It may come back as text or as bytes (numbers).
   * @example
   * const { script } = await sfc.vms.getScript();
   */
  async getScript(options?: RequestOptions): Promise<VmScript> {
    return this.#t.send('getVmScript', {}, options, 'json');
  }

  /**
   * Stores the user-data script (text, or bytes as numbers) and returns it as stored.
   * @example
   * await sfc.vms.setScript('#!/bin/bash\necho hello\n');
   */
  async setScript(script: UserData, options?: RequestOptions): Promise<VmScript> {
    const body = { script };
    return this.#t.send('setVmScript', { body }, options, 'json');
  }
}
