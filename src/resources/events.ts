// The account's event feed (`sfc.events`): the generated method (generated/resources.ts), plus
// `listAll`, whose pager lives in list-all.ts, and `follow`, whose poller lives in follow-events.ts.
import { EventsResource } from '../../generated/resources.js';
import type { FollowEventsOptions, RequestOptions } from '../options.js';
import type { AccountEvent, EventList, ListEventsParams } from '../types.js';
import { followEventFeed } from './follow-events.js';
import { listAllPages } from './list-all.js';
import type { Input } from './resource.js';

/**
 * The account's event feed (`/v1/events`): what happened to its nodes and orders, who did it and
 * where, oldest first. Reach it as `sfc.events`.
 * @example
 * const { data } = await sfc.events.list({ target_type: 'node', limit: 20 });
 */
export class Events extends EventsResource {
  /**
   * Every event matching `query`, fetched page by page only as the loop asks for more: each page's
   * `cursor` (the last event's own `cursor` when the page has none) is sent as `starting_after`
   * for the next, with the same filters, until `has_more` is false. Give `starting_after` to
   * resume after an event seen in an earlier run. Stops (throwing `RequestAbortedError`) when
   * `options.signal` fires. `query.limit` sets the page size.
   *
   * A cursor whose event has been deleted throws `GoneError`; start again with `since` set to the
   * `occurred_at` of the last event handled, and skip the IDs already handled (`since` includes its
   * own second). `follow` does this by itself.
   * @param query filters, page size and the cursor to start after; default none (the whole feed)
   * @param options per-call options for every page (timeouts, retries, `signal`); default the client's
   * @example
   * for await (const e of sfc.events.listAll({ target: 'n_b1dc52505c6db142' })) console.log(e.occurred_at, e.action);
   */
  listAll(query: Input<ListEventsParams> = {}, options?: RequestOptions): AsyncGenerator<AccountEvent, void, undefined> {
    return listAllPages((page) => this.list(page, options), query, {
      operation: 'listEvents',
      // The top-level cursor is optional and nullable; the last event's is always there and, going
      // forward, marks the same place (inferred: no source says the two are equal).
      cursorOf: (page: EventList) => page.cursor ?? page.data.at(-1)?.cursor,
      after: (q, cursor) => ({ ...q, starting_after: cursor }),
    });
  }

  /**
   * Follows the feed, yielding each event matching `query` as it arrives, until `signal` fires (or
   * the loop breaks). Reads page after page at once while they bring new events and say more is
   * waiting; otherwise pauses `intervalMs` on the client's `clock` and asks again after the last cursor. When a cursor's
   * event has been deleted (410), it starts again from the `occurred_at` of the last event it
   * yielded, skipping those already yielded; a 410 before any event was yielded is thrown as
   * `GoneError`, as is any other error.
   * @param query filters, page size, and `starting_after` or `since` to start from; default none (the whole feed, then what comes)
   * @param options `signal` and `intervalMs` (default 5000)
   * @example
   * for await (const e of sfc.events.follow({ target_type: 'node' }, { signal: AbortSignal.timeout(600_000) })) console.log(e.action, e.targets);
   */
  follow(
    query: Input<Omit<ListEventsParams, 'until'>> = {},
    options: FollowEventsOptions = {},
  ): AsyncGenerator<AccountEvent, void, undefined> {
    return this.maskedIteration(followEventFeed((page, pollOptions) => this.list(page, pollOptions), query, options, this.clock));
  }
}
