// `nodes.waitFor`: polls a node with growing pauses until it reaches a wanted status, reaches a
// final one instead, or the time runs out.
import type { RequestOptions, WaitForOptions } from '../options.js';
import { NodeStateError, RequestAbortedError, RequestTimeoutError, WaitTimeoutError } from '../errors/index.js';
import { WAIT_FOR_OPTION_RULES, checkOptions } from '../option-rules.js';
import { type Clock, FAKE_CLOCK_HINT, sleepOn, systemClock } from '../clock.js';
import type { Node } from '../types.js';

/** Statuses a node does not leave: waiting for anything else after one of these is pointless. */
const FINAL_STATUSES: readonly string[] = ['failed', 'terminated', 'deleted', 'released'];

/** Polls with `get` (one `nodes.get` each, with its own retries) as `options` say; see `Nodes.waitFor`. */
export async function waitForNode(
  get: (options: RequestOptions) => Promise<Node>,
  id: string,
  options: WaitForOptions,
  clock: Clock = systemClock,
): Promise<Node> {
  checkOptions(WAIT_FOR_OPTION_RULES, options);
  const wanted: readonly string[] =
    options.status === undefined ? ['running'] : typeof options.status === 'string' ? [options.status] : options.status;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const maxInterval = options.maxIntervalMs ?? 30_000;
  let interval = Math.min(options.intervalMs ?? 2_000, maxInterval);
  const { signal } = options;
  const deadline = clock.now() + timeoutMs;
  let last: Node | undefined;
  // Set when a pause was cut short to end at the deadline: the poll after it is the last one and
  // runs with the client's own timeouts only, so a node that got there just in time is not
  // missed. (Read from the clock instead, a timer that fires a millisecond early would leave
  // that poll a 1 ms deadline.)
  let finalPoll = false;
  // A poll's own time limit runs on real timers: only time on the machine's clock can set one.
  const limitPolls = clock === systemClock;
  // On the machine's clock a wait on a fake API sees none of the fake's time pass: say so when it times out.
  const note = limitPolls ? `It waited on the system clock: ${FAKE_CLOCK_HINT}` : undefined;
  for (;;) {
    const left = deadline - clock.now();
    try {
      last = await get(finalPoll || left <= 0 || !limitPolls ? { signal } : { signal, deadlineMs: left });
    } catch (error) {
      // The overall limit cut a poll short: that is the wait timing out.
      if (error instanceof RequestTimeoutError && error.scope === 'deadline') {
        throw new WaitTimeoutError(id, wanted, last?.status, timeoutMs, note);
      }
      throw error;
    }
    if (wanted.includes(last.status)) return last;
    if (FINAL_STATUSES.includes(last.status)) throw new NodeStateError(id, wanted, last.status, last);
    const remaining = deadline - clock.now();
    if (finalPoll || remaining <= 0) throw new WaitTimeoutError(id, wanted, last.status, timeoutMs, note);
    finalPoll = interval >= remaining;
    const pause = Math.min(interval, remaining);
    if (await sleepOn(clock, pause, signal)) {
      throw new RequestAbortedError('Stopped waiting: aborted by the caller', { cause: signal?.reason });
    }
    interval = Math.min(maxInterval, Math.ceil(interval * 1.5));
  }
}
