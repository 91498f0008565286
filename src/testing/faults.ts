// Injected faults: a queue of outcomes that answer matching calls instead of the operation, and
// how each outcome reaches the client (a response, a rejected fetch, a promise that never settles).
import type { FakeReply } from './handler.js';
import type { FakeFault } from './options.js';
import { refusal } from './refusals.js';

/** Faults waiting for their calls, in the order they were injected. */
export class FaultQueue {
  #queue: { fault: FakeFault; left: number }[] = [];

  add(fault: FakeFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError(`failNext: times must be a whole number, 1 or more (got ${String(times)})`);
    this.#queue.push({ fault, left: times });
  }

  clear(): void {
    this.#queue = [];
  }

  /** The first fault for `operation` (or for any operation), used up by one call. */
  take(operation: string | undefined): FakeFault | undefined {
    const entry = this.#queue.find(({ fault }) => fault.operation === undefined || fault.operation === operation);
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left === 0) this.#queue.splice(this.#queue.indexOf(entry), 1);
    return entry.fault;
  }
}

/** The reply of a status fault: its own body, else what the spec documents for that status. */
export function faultReply(
  operation: string | undefined,
  fault: { status: number; body?: unknown; headers?: Record<string, string> | undefined },
): FakeReply {
  const reply =
    'body' in fault
      ? { status: fault.status, body: fault.body }
      : refusal(operation ?? '', fault.status, `Injected failure: the fake answered ${fault.status}.`);
  return fault.headers ? { ...reply, headers: fault.headers } : reply;
}

/** The error a fetch rejects with when the network fails, shaped as Node's fetch shapes it. */
export function networkError(kind: 'refused' | 'reset'): TypeError {
  const cause =
    kind === 'refused'
      ? Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED', syscall: 'connect' })
      : Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' });
  return new TypeError('fetch failed', { cause });
}

/**
 * A response that never comes: rejects with the signal's reason once the request is aborted.
 * Until then a timer holds the process open, as a stalled socket does: the client's own timeout
 * timers do not, so without it a plain script would exit in the middle of the call.
 */
export function hang(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    const stop = () => {
      clearInterval(alive);
      reject(signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError'));
    };
    const alive = setInterval(() => undefined, 2 ** 30);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
