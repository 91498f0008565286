// `events.follow`: polls the account's event feed from the last cursor seen, and starts again from
// the last event's time when the API answers that the cursor's event is gone (410).
import { type Clock, sleepOn, systemClock } from '../clock.js';
import { GoneError } from '../errors/index.js';
import { FOLLOW_EVENTS_OPTION_RULES, checkOptions } from '../option-rules.js';
import type { FollowEventsOptions, RequestOptions } from '../options.js';
import type { AccountEvent, EventList, ListEventsParams } from '../types.js';
import { pageError } from './list-all.js';
import type { Input } from './resource.js';

/** Yields the feed's events as they come, reading pages with `list`; see `Events.follow`. */
export async function* followEventFeed(
  list: (query: Input<ListEventsParams>, options: RequestOptions) => Promise<EventList>,
  query: Input<Omit<ListEventsParams, 'until'>>,
  options: FollowEventsOptions,
  clock: Clock = systemClock,
): AsyncGenerator<AccountEvent, void, undefined> {
  checkOptions(FOLLOW_EVENTS_OPTION_RULES, options);
  const { signal } = options;
  const intervalMs = options.intervalMs ?? 5_000;
  const { starting_after: start, ...filters } = query;
  let after = start;
  // Set after a 410 until a page gives a cursor again: the time to start again from.
  let restartAt: number | undefined;
  // `since` is inclusive, so starting again at the last event's second brings back the events of
  // that second already yielded. Only those need remembering: the feed is read in sequence order,
  // taken to be time order, as the documented way of starting again already assumes.
  let lastAt: number | undefined;
  let seenAtLast = new Set<string>();
  while (!signal?.aborted) {
    let page: EventList;
    try {
      const position = after !== undefined ? { starting_after: after } : restartAt !== undefined ? { since: restartAt } : {};
      page = await list({ ...filters, ...position }, { signal });
    } catch (error) {
      if (signal?.aborted) return;
      // Starting again needs both a cursor that went stale and an event to start from; any other
      // 410 (the caller's own cursor before anything was read, or one answered without a cursor)
      // would only be asked again the same way.
      if (error instanceof GoneError && after !== undefined && lastAt !== undefined) {
        after = undefined;
        restartAt = lastAt;
        continue;
      }
      throw error;
    }
    const fresh = page.data.filter((event) => !(event.occurred_at === lastAt && seenAtLast.has(event.id)));
    for (const event of fresh) {
      if (signal?.aborted) return;
      if (event.occurred_at !== lastAt) seenAtLast = new Set();
      lastAt = event.occurred_at;
      seenAtLast.add(event.id);
      yield event;
    }
    // An empty page may carry no cursor: the last one known still marks the place.
    const next = page.cursor ?? page.data.at(-1)?.cursor ?? after;
    if (page.has_more && (next === undefined || next === after)) {
      throw pageError(next === undefined ? 'no-cursor' : 'repeated', 'listEvents');
    }
    after = next;
    if (after !== undefined) restartAt = undefined;
    // Ask again at once only while pages bring news and more is waiting; a page with nothing new
    // (however it is labelled) waits, so that a feed answering empty pages cannot make this spin.
    if (!(page.has_more && fresh.length > 0) && (await sleepOn(clock, intervalMs, signal))) return;
  }
}
