// `procurements.listAll`: follows the cursor from page to page, fetching each page only when the
// loop asks for more.
import { MalformedResponseError } from '../errors/index.js';
import type { ListProcurementsParams, Procurement, ProcurementList } from '../types.js';

/**
 * What a bad cursor looks like to the caller: the pages came back with status 200. Built when
 * needed: touching `Headers` at import time would make Node load its fetch implementation early.
 */
const pageInfo = () => ({ status: 200, headers: new Headers(), requestId: undefined });

/**
 * Every procurement of the pages `list` returns: each page's `cursor` is sent as
 * `starting_after` for the next, until `has_more` is false. A page that says `has_more` without a
 * cursor, or a cursor seen before (which would loop forever), ends it with MalformedResponseError.
 */
export async function* listAllPages(
  list: (query: ListProcurementsParams) => Promise<ProcurementList>,
  query: Omit<ListProcurementsParams, 'starting_after' | 'ending_before'>,
): AsyncGenerator<Procurement, void, undefined> {
  let after: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await list(after === undefined ? query : { ...query, starting_after: after });
    yield* page.data;
    if (!page.has_more) return;
    if (!page.cursor) {
      throw new MalformedResponseError('procurements.list said has_more but gave no cursor to continue from', pageInfo());
    }
    if (seen.has(page.cursor)) {
      throw new MalformedResponseError(`procurements.list returned the cursor ${page.cursor} twice; stopping the iteration`, pageInfo());
    }
    seen.add(page.cursor);
    after = page.cursor;
  }
}
