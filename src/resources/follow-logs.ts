// `vms.followLogs`: polls a VM's log chunks by sequence number and yields them as text lines.
import { LogLineDecoder } from '../helpers/logs.js';
import { FOLLOW_LOGS_OPTION_RULES, checkOptions } from '../option-rules.js';
import type { FollowLogsOptions, RequestOptions } from '../options.js';
import { type Clock, sleepOn, systemClock } from '../clock.js';
import type { VmLogs, VmLogsParams } from '../types.js';

/** Yields the lines of `instanceId`'s logs, reading pages with `logs`; see `Vms.followLogs`. */
export async function* followVmLogs(
  logs: (query: VmLogsParams, options: RequestOptions) => Promise<VmLogs>,
  instanceId: string,
  options: FollowLogsOptions,
  clock: Clock = systemClock,
): AsyncGenerator<string, void, undefined> {
  checkOptions(FOLLOW_LOGS_OPTION_RULES, options);
  const { signal } = options;
  const intervalMs = options.intervalMs ?? 2_000;
  const limit = options.pageSize ?? 500;
  let last = options.afterSeqnum ?? -1;
  // Whether since_seqnum includes the chunk it names is undocumented. Until a page shows it does,
  // ask from the last chunk seen (so none is skipped either way) and drop what was already seen;
  // once it has, ask from the one after, so a page of one is not that same chunk every time.
  let inclusive = false;
  const decoder = new LogLineDecoder();
  while (!signal?.aborted) {
    // Typed by hand: each pass's values depend on the last pass's, which inference cannot follow.
    const since: number | undefined = last < 0 ? undefined : inclusive ? last + 1 : last;
    let page: VmLogs;
    try {
      const query: VmLogsParams = {
        instance_id: instanceId,
        order_by: 'seqnum_asc',
        limit,
        ...(since === undefined ? {} : { since_seqnum: since }),
      };
      page = await logs(query, { signal });
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
    const learned: boolean = !inclusive && since !== undefined && page.data.some((chunk) => chunk.seqnum === since);
    inclusive ||= learned;
    const fresh = page.data.filter((chunk) => chunk.seqnum > last).sort((a, b) => a.seqnum - b.seqnum);
    for (const chunk of fresh) {
      if (signal?.aborted) return;
      last = chunk.seqnum;
      yield* decoder.push(chunk);
    }
    // Progress decides: a full page that brought new chunks may have more behind it, so ask again
    // at once; any other page (short, or only chunks already seen, as from a server that ignores
    // since_seqnum) waits. Asking at once on every full page spun without pause.
    const again = page.data.length >= limit && (fresh.length > 0 || learned);
    if (!again && (await sleepOn(clock, intervalMs, signal))) return;
  }
}
