// `vms.followLogs`: polls a VM's log chunks by sequence number and yields them as text lines.
import { LogLineDecoder } from '../helpers/logs.js';
import { FOLLOW_LOGS_OPTION_RULES, checkOptions } from '../option-rules.js';
import type { FollowLogsOptions, RequestOptions } from '../options.js';
import { sleep } from '../core/timers.js';
import type { VmLogs, VmLogsParams } from '../types.js';

/** Yields the lines of `instanceId`'s logs, reading pages with `logs`; see `Vms.followLogs`. */
export async function* followVmLogs(
  logs: (query: VmLogsParams, options: RequestOptions) => Promise<VmLogs>,
  instanceId: string,
  options: FollowLogsOptions,
): AsyncGenerator<string, void, undefined> {
  checkOptions(FOLLOW_LOGS_OPTION_RULES, options);
  const { signal } = options;
  const intervalMs = options.intervalMs ?? 2_000;
  const limit = options.pageSize ?? 500;
  let last = options.afterSeqnum ?? -1;
  const decoder = new LogLineDecoder();
  while (!signal?.aborted) {
    let page: VmLogs;
    try {
      // Whether since_seqnum is inclusive is undocumented: ask from the last chunk seen (so none
      // is skipped either way) and drop what was already seen.
      const query: VmLogsParams = { instance_id: instanceId, order_by: 'seqnum_asc', limit, ...(last >= 0 ? { since_seqnum: last } : {}) };
      page = await logs(query, { signal });
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
